import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { RequestValidationError } from '../errors/domain.error';
import { isRealDay } from '../validation/date.validators';
import { isUuid } from '../validation/uuid.pipe';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?limit=&cursor=` of every list (docs/API.md). */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque keyset cursor: the sort values of the last row of a page. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

// A timestamptz as Postgres writes it as text, microseconds included (a JS Date would lose them).
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
// As Date.toISOString writes it, or with an offset.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const BIGINT_MAX = 2n ** 63n - 1n;
const MAX_EMAIL_LENGTH = 320;
// NUL, which Postgres refuses in text, is checked apart.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isTimestampText(value: unknown, pattern: RegExp): value is string {
  if (typeof value !== 'string' || !pattern.test(value) || !isRealDay(value.slice(0, 10))) return false;
  const [hours, minutes, seconds] = value.slice(11, 19).split(':').map(Number);
  const offset = /[+-](\d{2})(?::?(\d{2}))?$/.exec(value.slice(19));
  return hours < 24 && minutes < 60 && seconds < 60 && (!offset || (+offset[1] < 16 && +(offset[2] ?? 0) < 60));
}

/**
 * What each position of a cursor may hold, checked before it reaches SQL (a forged `[1e400]`
 * would be `OFFSET Infinity`, a forged date a database error):
 * - `offset`: a non-negative safe integer;
 * - `uuid`;
 * - `date`: a day that exists, `YYYY-MM-DD`;
 * - `timestamp`: an ISO 8601 timestamp with `Z` or an offset, on a day that exists;
 * - `pgTimestamp`: a timestamptz as Postgres writes it as text;
 * - `bigintId`: a positive bigint identity, as a decimal string;
 * - `email`: an address as users are stored with (at most 320 characters, one `@`, no spaces or NUL).
 */
export const CURSOR_FIELDS = {
  offset: (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0,
  uuid: (value: unknown): value is string => isUuid(value),
  date: (value: unknown): value is string => typeof value === 'string' && isRealDay(value),
  timestamp: (value: unknown): value is string => isTimestampText(value, ISO_TIMESTAMP),
  pgTimestamp: (value: unknown): value is string => isTimestampText(value, PG_TIMESTAMP),
  bigintId: (value: unknown): value is string =>
    typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= BIGINT_MAX,
  email: (value: unknown): value is string =>
    typeof value === 'string' && value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value) && !value.includes('\u0000'),
} as const;

export type CursorField = keyof typeof CURSOR_FIELDS;
type CursorValue<F extends CursorField> = F extends 'offset' ? number : string;
export type CursorValues<S extends readonly CursorField[]> = { [K in keyof S]: CursorValue<S[K]> };

/** The 400 of a cursor that no list gave out. */
function invalidCursor(): RequestValidationError {
  return new RequestValidationError([{ field: 'cursor', message: 'cursor is not one this list gave out' }]);
}

/**
 * Reads a cursor made by encodeCursor whose every position has the field kind of `shape`, or
 * answers 400 naming `cursor`.
 */
export function decodeCursor<const S extends readonly CursorField[]>(cursor: string, shape: S): CursorValues<S> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(values) ||
    values.length !== shape.length ||
    !values.every((value, index) => CURSOR_FIELDS[shape[index]](value))
  ) {
    throw invalidCursor();
  }
  return values as CursorValues<S>;
}

/** Cuts the extra row fetched beyond `limit` into the next cursor. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
