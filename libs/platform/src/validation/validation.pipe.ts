import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';

import { FieldError, RequestValidationError } from '../errors/domain.error';

/** Deeper than any request of the API nests (an intake is 4 levels), far below what overflows the stack. */
export const MAX_INPUT_DEPTH = 32;

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `unknown field "${field}"` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The first field of `value` that no validator should be handed, or null: nesting deeper than
 * `maxDepth` objects and arrays (class-transformer and class-validator recurse, and overflow the
 * stack: a RangeError, answered 500), or a string that is not well-formed Unicode (a lone
 * surrogate such as "\ud800", which no column can store and on which `validator`'s byte-length
 * check of IsEmail and IsUrl throws a URIError). Walks with its own stack.
 */
export function unreadableInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): FieldError | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : { field: '(body)', message: NOT_UNICODE };
  if (typeof value !== 'object' || value === null) return null;
  const pending: { node: object; path: string[] }[] = [{ node: value, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (path.length >= maxDepth) {
      const field = path[0];
      return { field, message: `${field} nests deeper than ${maxDepth} levels` };
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = [...path, Array.isArray(node) ? `[${key}]` : key];
      if (typeof child === 'string' && !isWellFormed(child)) {
        return { field: fieldName(childPath), message: NOT_UNICODE };
      }
      if (typeof child === 'object' && child !== null) pending.push({ node: child, path: childPath });
    }
  }
  return null;
}

/** A lone surrogate: in `u` mode a proper pair is one code point, so only a lone half is \p{Cs}. */
const LONE_SURROGATE = /\p{Cs}/u;
const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

const NOT_UNICODE = 'must be well-formed Unicode text (it holds a lone surrogate)';

const fieldName = (path: string[]): string =>
  path.map((step, index) => (step.startsWith('[') || index === 0 ? step : `.${step}`)).join('');

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];
const isDto = (metatype: unknown): boolean => typeof metatype === 'function' && !PRIMITIVES.includes(metatype);
const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Refuses a body that is not a JSON object, and input that the validators cannot be handed
 * safely (see `unreadableInput`), before class-transformer sees it; then the usual validation.
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // ValidationPipe reads a JSON null as {}, which a DTO of optional fields (a PATCH) accepts.
    if (metadata.type === 'body' && isDto(metadata.metatype) && value !== undefined && !isPlainObject(value)) {
      throw new RequestValidationError([{ field: '(body)', message: 'the body must be a JSON object' }]);
    }
    const problem = unreadableInput(value);
    if (problem) {
      throw new RequestValidationError([
        problem.field === '(body)' && metadata.data ? { ...problem, field: metadata.data } : problem,
      ]);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: unknown fields refused, input transformed to the DTO's types, every bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}
