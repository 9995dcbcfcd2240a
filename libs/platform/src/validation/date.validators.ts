import { ValidateBy, ValidationOptions } from 'class-validator';

// JavaScript knows a year 0, Postgres does not: such a date would fail in the database, not here.
const FIRST_DAY = '0001-01-01';

/** True when YYYY-MM-DD names a day that exists (not 2026-02-30) and Postgres can store. */
export function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < FIRST_DAY) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today as YYYY-MM-DD where the day is furthest ahead (UTC+14), so no real local date is refused. */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) that exists and is not in the future. */
export function IsPastDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealDay(value) && value <= latestToday(),
        defaultMessage: (args) => `${args?.property} must be a real date (YYYY-MM-DD) that is not in the future`,
      },
    },
    options,
  );
}

/**
 * A year no later than the current one, read when each value is checked (not when the server
 * started, which would refuse the new year until a restart): a birth year someone estimated.
 * The current year is the latest anywhere on Earth (UTC+14), as for IsPastDate.
 */
export function IsNotFutureYear(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotFutureYear',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && value <= Number(latestToday().slice(0, 4)),
        defaultMessage: (args) => `${args?.property} must not be later than the current year`,
      },
    },
    options,
  );
}

/** A calendar date (YYYY-MM-DD) that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealDay(value),
        defaultMessage: (args) => `${args?.property} must be a real date like 2026-03-14`,
      },
    },
    options,
  );
}

const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** 2026-03-14, or a timestamp with its offset whose written day exists. */
function isInstant(value: string): boolean {
  return isRealDay(value) || (TIMESTAMP_WITH_OFFSET.test(value) && isRealDay(value.slice(0, 10)));
}

/**
 * class-transformer @Transform for a query parameter read as a Date: a date (2026-03-14) or a
 * timestamp with its offset becomes a Date; anything else stays the string sent, for @IsDate to
 * refuse. Not @Type(() => Date): the Date constructor reads "1" or "' OR '1'='1" as 2001-01-01, so
 * a garbage filter would silently become a real one.
 */
export const strictDate = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && isInstant(value) ? new Date(value) : value;

/** A timestamp with an explicit offset (2026-03-14T22:10:00-06:00 or ...Z), not in the future. */
export function IsPastTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastTimestamp',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          if (!TIMESTAMP_WITH_OFFSET.test(value)) return false;
          const time = Date.parse(value);
          // 2026-02-30T... parses as 2 March: the written date must exist as written.
          return !Number.isNaN(time) && isRealDay(value.slice(0, 10)) && time <= Date.now() + 5 * 60 * 1000;
        },
        defaultMessage: (args) =>
          `${args?.property} must be a timestamp with its offset, e.g. 2026-03-14T22:10:00-06:00, not in the future`,
      },
    },
    options,
  );
}
