import { InputError } from '@backstage/errors';

/** A time as the database driver returns it: Date on PostgreSQL, number or string on SQLite. */
export type Timestamp = Date | string | number;

/** A database timestamp as ISO 8601. */
export function toIso(value: Timestamp): string {
  return new Date(value).toISOString();
}

/**
 * A time a client sent (ISO 8601), as a date the ledger can store: 400 for
 * one that format checks let through but no date can hold (23:59:60) or one
 * outside the years 1 to 9999.
 */
export function parseTime(value: string, field: string): Date {
  const time = new Date(value);
  const year = time.getUTCFullYear();
  if (Number.isNaN(time.getTime()) || year < 1 || year > 9999) {
    throw new InputError(`${field}: '${value}' is not a valid time`);
  }
  return time;
}
