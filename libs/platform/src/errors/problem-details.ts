import { STATUS_CODES } from 'node:http';

import { DomainError, DomainErrorKind, FieldError, Language, LocalizedText } from './domain.error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  requestId: string;
  [extension: string]: unknown;
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_broken: 422,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<number, LocalizedText> = {
  400: { es: 'Solicitud no válida', en: 'Invalid request' },
  401: { es: 'No autenticado', en: 'Not authenticated' },
  403: { es: 'Acción no permitida', en: 'Forbidden' },
  404: { es: 'No encontrado', en: 'Not found' },
  405: { es: 'Método no permitido', en: 'Method not allowed' },
  409: { es: 'Conflicto', en: 'Conflict' },
  413: { es: 'Cuerpo de la solicitud demasiado grande', en: 'Request body too large' },
  414: { es: 'URL demasiado larga', en: 'URL too long' },
  415: { es: 'Tipo de contenido no admitido', en: 'Unsupported media type' },
  422: { es: 'La solicitud incumple una regla', en: 'Request breaks a rule' },
  429: { es: 'Demasiadas solicitudes', en: 'Too many requests' },
  500: { es: 'Error interno', en: 'Internal error' },
  503: { es: 'Servicio no disponible', en: 'Service unavailable' },
};

const GENERIC_DETAILS: Record<number, LocalizedText> = {
  400: { es: 'La solicitud no se pudo leer.', en: 'The request could not be read.' },
  401: { es: 'Falta una credencial válida.', en: 'A valid credential is missing.' },
  403: { es: 'Su rol no permite esta acción.', en: 'Your role does not allow this action.' },
  404: { es: 'El recurso no existe.', en: 'The resource does not exist.' },
  405: { es: 'El recurso no admite este método.', en: 'The resource does not support this method.' },
  413: { es: 'El cuerpo supera el límite de 1 MB.', en: 'The body exceeds the 1 MB limit.' },
  414: {
    es: 'Un parámetro de la ruta supera la longitud permitida.',
    en: 'A path parameter is longer than allowed.',
  },
  415: {
    es: 'Envíe el cuerpo como application/json.',
    en: 'Send the body as application/json.',
  },
  429: { es: 'Espere antes de volver a intentarlo.', en: 'Wait before trying again.' },
  500: {
    es: 'Ocurrió un error inesperado. Comunique el requestId al equipo técnico.',
    en: 'Something unexpected failed. Give the requestId to the technical team.',
  },
  503: {
    es: 'Un servicio del que depende la aplicación no responde. Inténtelo de nuevo en un momento.',
    en: 'A service the application depends on is not answering. Try again in a moment.',
  },
};

/** Picks `en` or `es` (the default) from an Accept-Language header, honouring q-values. */
export function pickLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { primary: tag.split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => (entry.primary === 'es' || entry.primary === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.primary as Language | undefined) ?? 'es';
}

function problemType(code: string): string {
  return `urn:albergue:problem:${code}`;
}

function codeForStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_');
}

/** Builds a problem document from a domain error, in the caller's language. */
export function problemFromDomainError(error: DomainError, language: Language, requestId: string): ProblemDocument {
  const status = STATUS_BY_KIND[error.kind];
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: (TITLES[status] ?? TITLES[500])[language],
    status,
    detail: error.detail[language],
    errors: error.errors,
    requestId,
  };
}

/** Builds a problem document for a bare status, with no internal message in it. */
export function problemFromStatus(
  status: number,
  language: Language,
  requestId: string,
  detail?: LocalizedText,
  errors: FieldError[] = [],
): ProblemDocument {
  const known = TITLES[status] ? status : status >= 500 ? 500 : 400;
  return {
    type: problemType(codeForStatus(known)),
    title: TITLES[known][language],
    status: known,
    detail: (detail ?? GENERIC_DETAILS[known] ?? GENERIC_DETAILS[known >= 500 ? 500 : 400])[language],
    errors,
    requestId,
  };
}
