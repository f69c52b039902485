import { InputError } from '@backstage/errors';

export const DAY_MS = 86_400_000;
/** The longest period one answer covers: two years. */
const MAX_RANGE_DAYS = 731;
/** The period when none is asked for: the last ninety days. */
const DEFAULT_RANGE_DAYS = 90;

/**
 * The period `[from, to)` an insight covers, in milliseconds: the last
 * ninety days up to `to` (default now) unless `from` says otherwise.
 */
export function periodOf(
  query: { from?: Date; to?: Date },
  now: Date,
): { from: number; to: number } {
  const to = (query.to ?? now).getTime();
  const from = (
    query.from ?? new Date(to - DEFAULT_RANGE_DAYS * DAY_MS)
  ).getTime();
  if (!(from < to)) {
    throw new InputError('from: must be before to');
  }
  if (to - from > MAX_RANGE_DAYS * DAY_MS) {
    throw new InputError(`to: at most ${MAX_RANGE_DAYS} days after from`);
  }
  return { from, to };
}
