import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

export type BucketSize = 'day' | 'week' | 'month';

export type Bucket = { start: number; end: number };

/** Most buckets one answer holds: two years by day. */
const MAX_BUCKETS = 731;

/**
 * `[from, to)` cut into calendar days, ISO weeks (from Monday) or months in
 * `timeZone`, so a day is the local day, 23 or 25 hours long across a
 * daylight-saving change; the first and last are clipped to the range.
 */
export function bucketsOf(
  from: number,
  to: number,
  size: BucketSize,
  timeZone: string,
): Bucket[] {
  let start = DateTime.fromMillis(from, { zone: timeZone });
  if (!start.isValid) {
    throw new InputError(`timeZone: '${timeZone}' is not an IANA time zone`);
  }
  start = start.startOf(size === 'week' ? 'week' : size);
  const buckets: Bucket[] = [];
  while (start.toMillis() < to) {
    const next = start.plus({ [`${size}s`]: 1 });
    buckets.push({
      start: Math.max(start.toMillis(), from),
      end: Math.min(next.toMillis(), to),
    });
    if (buckets.length > MAX_BUCKETS) {
      throw new InputError(
        `bucket: more than ${MAX_BUCKETS} ${size}s in the range; use a larger bucket`,
      );
    }
    start = next;
  }
  return buckets;
}
