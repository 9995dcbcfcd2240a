export type Language = 'es' | 'en';
export type LocalizedText = Record<Language, string>;

export interface FieldError {
  field: string;
  message: string;
}

/**
 * What kind of rule a domain error breaks; the problem-details filter maps each kind to one
 * HTTP status, so domain code never speaks HTTP.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rule_broken'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

/** Base of every error a module throws on purpose. `code` is stable and ends up in the problem type. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    readonly detail: LocalizedText,
    readonly errors: FieldError[] = [],
    /** Extension members of the problem document (RFC 9457 section 3.2), e.g. the allowed transitions. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = code;
  }
}

export class RequestValidationError extends DomainError {
  constructor(errors: FieldError[]) {
    super(
      'invalid',
      'validation_failed',
      {
        es: `La solicitud tiene datos no válidos: ${errors.map((e) => e.field).join(', ')}.`,
        en: `The request has invalid data: ${errors.map((e) => e.field).join(', ')}.`,
      },
      errors,
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: LocalizedText) {
    super('not_found', 'not_found', {
      es: `${entity.es} no existe o no está a su alcance.`,
      en: `${entity.en} does not exist or is not visible to you.`,
    });
  }
}
