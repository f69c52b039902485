import {
  Train,
  TrainDeparture,
  TrainRun,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';

/** The pure date maths of the schedule calendar: ranges, days, freezes. */

export type CalendarView = 'week' | 'month';

/** What the calendar shows: whole weeks, Monday first, in one time zone. */
export type CalendarRange = {
  view: CalendarView;
  /** The first day shown, at midnight. */
  start: DateTime;
  /** Midnight after the last day shown (exclusive). */
  end: DateTime;
  /** The days shown, a row of seven per week. */
  weeks: DateTime[][];
  /** The month the range is about (1–12): the one its middle falls in. */
  month: number;
  /** E.g. "21 – 27 Dec 2026" or "December 2026". */
  title: string;
};

/**
 * The time zone the calendar's days are cut in: the trains' own when they
 * share one (all demo trains do), else the viewer's.
 */
export function calendarZone(trains: Train[]): string {
  const zones = new Set(trains.map(train => train.timeZone));
  return zones.size === 1 ? [...zones][0] : DateTime.local().zoneName;
}

function rangeTitle(view: CalendarView, start: DateTime, end: DateTime) {
  if (view === 'month') {
    return start.plus({ weeks: 2 }).toFormat('LLLL yyyy');
  }
  const last = end.minus({ days: 1 });
  const first = start.toFormat(start.month === last.month ? 'd' : 'd LLL');
  return `${first} – ${last.toFormat('d LLL yyyy')}`;
}

/** The week or month around `anchor`, in the anchor's time zone. */
export function calendarRange(
  view: CalendarView,
  anchor: DateTime,
): CalendarRange {
  const start =
    view === 'week'
      ? anchor.startOf('week')
      : anchor.startOf('month').startOf('week');
  const end =
    view === 'week'
      ? start.plus({ weeks: 1 })
      : anchor.endOf('month').startOf('week').plus({ weeks: 1 });
  const weeks: DateTime[][] = [];
  // Calendar arithmetic (days, not hours), so a 23- or 25-hour day is still one day.
  for (let week = start; week < end; week = week.plus({ weeks: 1 })) {
    weeks.push(Array.from({ length: 7 }, (_, day) => week.plus({ days: day })));
  }
  return {
    view,
    start,
    end,
    weeks,
    // A month grid starts at most six days early and holds 4 to 6 weeks: its
    // third week is always in the month.
    month: start.plus({ weeks: 2 }).month,
    title: rangeTitle(view, start, end),
  };
}

/** The anchor one week or month earlier (-1) or later (1). */
export function shiftAnchor(
  view: CalendarView,
  anchor: DateTime,
  direction: -1 | 1,
): DateTime {
  return view === 'week'
    ? anchor.plus({ weeks: direction })
    : anchor.plus({ months: direction });
}

/** A day's key, e.g. "2026-12-22", as used in test ids. */
export function dayKey(day: DateTime): string {
  return day.toISODate() ?? '';
}

/** A departure's instant in ISO form, e.g. "2026-12-22T08:00:00.000Z". */
export function instantKey(iso: string): string {
  return new Date(iso).toISOString();
}

/** The departures of each day (by its key), in the calendar's zone. */
export function departuresByDay(
  departures: TrainDeparture[],
  zone: string,
): Map<string, TrainDeparture[]> {
  const days = new Map<string, TrainDeparture[]>();
  for (const departure of departures) {
    const key = dayKey(DateTime.fromISO(departure.departsAt, { zone }));
    days.set(key, [...(days.get(key) ?? []), departure]);
  }
  for (const list of days.values()) {
    list.sort((a, b) => Date.parse(a.departsAt) - Date.parse(b.departsAt));
  }
  return days;
}

/** A freeze over part of one week: the columns (0 = Monday) it covers. */
export type FreezeSpan = {
  train: string;
  reason: string;
  start: DateTime;
  end: DateTime;
  firstColumn: number;
  lastColumn: number;
};

/**
 * The dated freezes (`start` to `end`, end exclusive) that cover days of
 * this week, each clipped to the week. A freeze spanning weeks appears in
 * every week it touches. Recurring (cron) freezes are not laid out here:
 * the departures they cancel say so themselves.
 */
export function freezeSpansInWeek(
  trains: Train[],
  week: DateTime[],
): FreezeSpan[] {
  const spans: FreezeSpan[] = [];
  for (const train of trains) {
    for (const freeze of train.freezes) {
      if (!freeze.start || !freeze.end) continue;
      const zone = week[0].zone;
      // Read as the backend reads them (Date.parse), then cut into our days.
      const start = DateTime.fromMillis(Date.parse(freeze.start), { zone });
      const end = DateTime.fromMillis(Date.parse(freeze.end), { zone });
      const covered = week
        .map((day, column) => ({ day, column }))
        .filter(({ day }) => start < day.plus({ days: 1 }) && end > day);
      if (covered.length === 0) continue;
      spans.push({
        train: train.name,
        reason: freeze.reason,
        start,
        end,
        firstColumn: covered[0].column,
        lastColumn: covered[covered.length - 1].column,
      });
    }
  }
  return spans.sort((a, b) => a.firstColumn - b.firstColumn);
}

/** The recurring freezes, for a legend: "Weekly: Sundays off (cron 0 0 * * 0, 1440 min)". */
export function recurringFreezes(
  trains: Train[],
): { train: string; text: string }[] {
  return trains.flatMap(train =>
    train.freezes
      .filter(freeze => freeze.cron)
      .map(freeze => ({
        train: train.name,
        text: `${train.title}: ${freeze.reason} (every ${freeze.cron}${
          freeze.timeZone ? ` ${freeze.timeZone}` : ''
        }, ${freeze.durationMinutes ?? 0} min)`,
      })),
  );
}

/** Where a departure stands: done, the train's next, or later. */
export type DepartureKind = 'past' | 'next' | 'later';

export function departureKind(
  departure: TrainDeparture,
  train: Train | undefined,
  now: DateTime,
): DepartureKind {
  const at = Date.parse(departure.departsAt);
  if (at <= now.toMillis()) return 'past';
  if (train?.next && Date.parse(train.next.departsAt) === at) return 'next';
  return 'later';
}

/** The run a past departure became, if the ledger has one. */
export function runOf(
  departure: TrainDeparture,
  runs: TrainRun[],
): TrainRun | undefined {
  const at = Date.parse(departure.departsAt);
  return runs.find(
    run => run.train === departure.train && Date.parse(run.departsAt) === at,
  );
}

/** "Tue 22 Dec 09:00" in `zone`, naming the zone when it is not the calendar's. */
export function wallClock(
  iso: string,
  zone: string,
  calendar: string,
  format = 'ccc d LLL HH:mm',
): string {
  const text = DateTime.fromISO(iso, { zone }).toFormat(format);
  return zone === calendar ? text : `${text} ${zone}`;
}

/**
 * A departure block's accessible name, e.g. "Weekly train departs Tue 22
 * Dec 09:00, frozen: Year-end freeze".
 */
export function departureLabel(options: {
  departure: TrainDeparture;
  train: Train;
  kind: DepartureKind;
  run?: TrainRun;
  calendarZone: string;
}): string {
  const { departure, train, kind, run, calendarZone: calendar } = options;
  const when = wallClock(departure.departsAt, train.timeZone, calendar);
  const cutoff = wallClock(
    departure.cutoffAt,
    train.timeZone,
    calendar,
    'HH:mm',
  );
  if (departure.frozen) {
    // A frozen departure never left: past ones were due, not departed.
    return `${train.title} train ${
      kind === 'past' ? 'was due' : 'departs'
    } ${when}, frozen: ${departure.frozen.reason}`;
  }
  if (kind === 'past') {
    return `${train.title} train departed ${when}, ${
      run ? 'open its run manifest' : 'no run recorded'
    }`;
  }
  if (kind === 'next') {
    return `${train.title} train departs ${when}, cut-off ${cutoff}, next departure: preview what boards`;
  }
  return `${train.title} train departs ${when}, cut-off ${cutoff}`;
}
