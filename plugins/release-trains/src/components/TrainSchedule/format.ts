import { DateTime } from 'luxon';

/** A departure in the train's own time zone, e.g. "Tue 24 Nov, 15:00 Europe/Berlin". */
export function formatDeparture(iso: string, timeZone: string): string {
  return `${DateTime.fromISO(iso, { zone: timeZone }).toFormat(
    'ccc d LLL, HH:mm',
  )} ${timeZone}`;
}

/** E.g. "in 2 hours", against luxon's now (which tests may fix). */
export const relative = (iso: string) => DateTime.fromISO(iso).toRelative();
