import { CronTime } from 'cron';
import { DateTime } from 'luxon';
import { FreezePeriod } from '../config/pipelines';
import { TrainConfig } from '../config/trains';
import { Departure } from './schedule';

/**
 * A freeze as it falls on the calendar: one occurrence, start to end;
 * `index` is the freeze's place in the train's list, so two freezes that
 * start together still get distinct UIDs.
 */
export type FreezeOccurrence = {
  reason: string;
  start: Date;
  end: Date;
  index: number;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A departure is an instant; calendars need an end after the start. */
const DEPARTURE_MINUTES = 15;
/** More occurrences of a recurring freeze than this in the window are not listed. */
const MAX_FREEZE_OCCURRENCES = 200;

/** The freezes of `freezes` that overlap [from, to), recurring ones occurrence by occurrence. */
export function freezesBetween(
  freezes: FreezePeriod[],
  from: Date,
  to: Date,
): FreezeOccurrence[] {
  const found: FreezeOccurrence[] = [];
  freezes.forEach((freeze, index) => {
    if ('cron' in freeze) {
      const cron = new CronTime(freeze.cron, freeze.timeZone);
      const length = freeze.durationMinutes * MINUTE;
      // An occurrence that began before `from` may still be under way.
      let at = new Date(from.getTime() - length);
      for (let n = 0; n < MAX_FREEZE_OCCURRENCES; n++) {
        at = cron.getNextDateFrom(at, freeze.timeZone).toJSDate();
        if (at >= to) break;
        const end = new Date(at.getTime() + length);
        if (end > from) {
          found.push({ reason: freeze.reason, start: at, end, index });
        }
      }
    } else {
      const start = new Date(freeze.start);
      const end = new Date(freeze.end);
      if (start < to && end > from) {
        found.push({ reason: freeze.reason, start, end, index });
      }
    }
  });
  return found.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** RFC 5545 3.3.11: backslashes, semicolons, commas and newlines escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * RFC 5545 3.1: lines of at most 75 octets, continued on lines that begin
 * with a space; a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; the others 74 after their space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (at: Date) =>
  DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

const localStamp = (at: DateTime) => at.toFormat("yyyyMMdd'T'HHmmss");

/** `yyyy-MM-ddTHH:mm` in UTC, compact, for UIDs. */
const uidStamp = (at: Date) =>
  DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmm'Z'");

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(
    abs % 60,
  ).padStart(2, '0')}`;
};

/** The instant in [low, high] where the zone's offset changes, to the minute. */
function transitionIn(zone: string, low: number, high: number): number {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const before = offsetAt(low);
  let [lo, hi] = [low, high];
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * A VTIMEZONE for `zone` valid from `from` to `to`: the offset in force at
 * `from`, then one component per change of offset (found through luxon,
 * day by day, then to the minute). Each onset is its own component, so no
 * recurrence rule is needed, and calendars place every event at its
 * wall-clock time whatever the zone's rules become later.
 */
export function vtimezone(zone: string, from: Date, to: Date): string[] {
  // From a whole hour, so the search lands on whole minutes, as changes do.
  const start = Math.floor(from.getTime() / HOUR) * HOUR;
  const onsets: number[] = [start];
  for (let day = start; day < to.getTime(); day += DAY) {
    const next = Math.min(day + DAY, to.getTime());
    if (
      DateTime.fromMillis(day, { zone }).offset !==
      DateTime.fromMillis(next, { zone }).offset
    ) {
      onsets.push(transitionIn(zone, day, next));
    }
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  onsets.forEach((onset, index) => {
    const at = DateTime.fromMillis(onset, { zone });
    const previous =
      index === 0 ? at : DateTime.fromMillis(onset - MINUTE, { zone });
    const kind = at.isInDST ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      // The onset in the local time in force before it.
      `DTSTART:${localStamp(
        DateTime.fromMillis(onset + previous.offset * MINUTE, { zone: 'utc' }),
      )}`,
      `TZOFFSETFROM:${offsetText(previous.offset)}`,
      `TZOFFSETTO:${offsetText(at.offset)}`,
      `TZNAME:${escapeText(at.offsetNameShort ?? zone)}`,
      `END:${kind}`,
    );
  });
  lines.push('END:VTIMEZONE');
  return lines;
}

/** What the calendar of one train shows. */
export type TrainCalendar = {
  train: TrainConfig;
  /** Departures in the window, frozen ones included. */
  departures: Departure[];
  freezes: FreezeOccurrence[];
  /** The services the reader may see ride the train. */
  services: string[];
  /** When the calendar was made (DTSTAMP). */
  now: Date;
};

/**
 * The train's calendar as iCalendar (RFC 5545) text: one event per
 * departure, no recurrence rule (a cron schedule with freezes does not map
 * onto one faithfully), times in the train's zone with its VTIMEZONE;
 * frozen departures as cancelled events saying why; each freeze as an
 * all-its-length event. Lines end in CRLF and are folded at 75 octets.
 */
export function renderTrainCalendar(calendar: TrainCalendar): string {
  const { train, departures, freezes, services, now } = calendar;
  const zone = train.timeZone;
  const local = (at: Date) =>
    `;TZID=${zone}:${localStamp(DateTime.fromJSDate(at, { zone }))}`;
  const wallClock = (at: Date) =>
    DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy HH:mm', {
      locale: 'en-GB',
    });
  const instants = [
    now,
    ...departures.flatMap(d => [d.cutoffAt, d.departsAt]),
    ...freezes.flatMap(f => [f.start, f.end]),
  ].map(at => at.getTime());
  // A day either side, so every event's start and end is covered; a freeze
  // configured over decades is not stepped through day by day.
  const covered = [
    Math.max(Math.min(...instants) - DAY, now.getTime() - 400 * DAY),
    Math.min(Math.max(...instants) + 2 * DAY, now.getTime() + 600 * DAY),
  ];

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Release Trains//Train calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${train.title} train`)}`,
    `X-WR-TIMEZONE:${zone}`,
    ...vtimezone(zone, new Date(covered[0]), new Date(covered[1])),
  ];
  const riders =
    services.length > 0
      ? `Services: ${services.join(', ')}.`
      : 'No services you may see ride it.';
  for (const departure of departures) {
    const { departsAt, cutoffAt, frozen } = departure;
    const description = frozen
      ? [`No departure: ${frozen.reason}.`, riders]
      : [
          `Cut-off: ${wallClock(
            cutoffAt,
          )} (${zone}); versions built later wait for the next train.`,
          `Boards from: ${train.boardsFrom} (versions that succeeded there).`,
          riders,
        ];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${train.name}-${uidStamp(departsAt)}@release-trains`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART${local(departsAt)}`,
      `DTEND${local(
        new Date(departsAt.getTime() + DEPARTURE_MINUTES * MINUTE),
      )}`,
      `SUMMARY:${escapeText(
        frozen
          ? `${train.title} train cancelled (${frozen.reason})`
          : `${train.title} train departs`,
      )}`,
      `DESCRIPTION:${escapeText(description.join('\n'))}`,
      `STATUS:${frozen ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  for (const freeze of freezes) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${train.name}-freeze-${freeze.index}-${uidStamp(
        freeze.start,
      )}@release-trains`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART${local(freeze.start)}`,
      `DTEND${local(freeze.end)}`,
      `SUMMARY:${escapeText(`Frozen: ${freeze.reason}`)}`,
      `DESCRIPTION:${escapeText(
        `The ${train.title} train does not depart until ${wallClock(
          freeze.end,
        )} (${zone}).`,
      )}`,
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
