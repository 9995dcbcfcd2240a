import { decodeCursor, isUuid, RequestValidationError } from '@albergue/platform';

import { isIsoDate } from './iso-date';

// A timestamptz as Postgres writes it as text, microseconds included (a JS Date would lose them).
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function refuse(): never {
  throw new RequestValidationError([{ field: 'cursor', message: 'cursor is not one this list gave out' }]);
}

/** A (created_at as text, id) keyset cursor, checked so that a forged one is a 400 and never reaches SQL. */
export function decodeCreatedCursor(cursor: string): [string, string] {
  const [createdAt, id] = decodeCursor<[string, string]>(cursor, ['string', 'string']);
  if (!PG_TIMESTAMP.test(createdAt) || !isUuid(id)) refuse();
  return [createdAt, id];
}

/** A (due date, application id, position) keyset cursor of the deadline list. */
export function decodeDeadlineCursor(cursor: string): [string, string, number] {
  const [dueOn, applicationId, position] = decodeCursor<[string, string, number]>(cursor, [
    'string',
    'string',
    'number',
  ]);
  if (!isIsoDate(dueOn) || !isUuid(applicationId) || !Number.isInteger(position) || position < 0) refuse();
  return [dueOn, applicationId, position];
}

/** A date keyset cursor (the closure list). */
export function decodeDateCursor(cursor: string): string {
  const [date] = decodeCursor<[string]>(cursor, ['string']);
  if (!isIsoDate(date)) refuse();
  return date;
}
