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
 * The top-level field under which `value` nests deeper than `maxDepth` objects and arrays, or
 * null. Walks with its own stack: the recursion of class-transformer and class-validator is
 * what a deeply nested body would overflow (a RangeError, answered 500).
 */
export function tooDeepField(value: unknown, maxDepth = MAX_INPUT_DEPTH): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const pending: { node: object; depth: number; field: string }[] = [{ node: value, depth: 1, field: '' }];
  while (pending.length > 0) {
    const { node, depth, field } = pending.pop()!;
    if (depth > maxDepth) return field || '(body)';
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'object' && child !== null) {
        pending.push({ node: child, depth: depth + 1, field: field || (Array.isArray(node) ? `[${key}]` : key) });
      }
    }
  }
  return null;
}

/**
 * Refuses input nested deeper than the DTOs can be before class-transformer sees it; then the
 * usual validation.
 */
class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = tooDeepField(value);
    if (field !== null) {
      throw new RequestValidationError([{ field, message: `${field} nests deeper than ${MAX_INPUT_DEPTH} levels` }]);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: unknown fields refused, input transformed to the DTO's types, every bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}
