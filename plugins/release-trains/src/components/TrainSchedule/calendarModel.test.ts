import { Train } from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import {
  calendarRange,
  calendarZone,
  dayKey,
  departureKind,
  departureLabel,
  departuresByDay,
  freezeSpansInWeek,
  recurringFreezes,
  runOf,
  shiftAnchor,
  wallClock,
} from './calendarModel';

const zone = 'Europe/Berlin';
const at = (iso: string) => DateTime.fromISO(iso, { zone });

const weekly: Train = {
  name: 'weekly',
  title: 'Weekly',
  cron: '0 9 * * 2',
  timeZone: zone,
  cutoffMinutes: 120,
  pipeline: 'default',
  boardsFrom: 'dev',
  services: [],
  freezes: [
    {
      start: '2026-12-21T00:00:00+01:00',
      end: '2027-01-04T00:00:00+01:00',
      reason: 'Year-end freeze',
    },
    { cron: '0 0 * * 6', durationMinutes: 2880, reason: 'Weekends' },
  ],
  next: {
    train: 'weekly',
    departsAt: '2027-01-05T08:00:00.000Z',
    cutoffAt: '2027-01-05T06:00:00.000Z',
  },
};

const departure = (departsAt: string, frozen?: string) => ({
  train: 'weekly',
  departsAt,
  cutoffAt: new Date(Date.parse(departsAt) - 2 * 3_600_000).toISOString(),
  ...(frozen && { frozen: { reason: frozen } }),
});

describe('calendarRange', () => {
  it('lays out the week of the change to summer time as seven whole days', () => {
    const range = calendarRange('week', at('2027-03-28T12:00'));
    expect(range.weeks).toHaveLength(1);
    expect(range.weeks[0].map(dayKey)).toEqual([
      '2027-03-22',
      '2027-03-23',
      '2027-03-24',
      '2027-03-25',
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
    ]);
    expect(range.start.toISO()).toBe('2027-03-22T00:00:00.000+01:00');
    expect(range.end.toISO()).toBe('2027-03-29T00:00:00.000+02:00');
    // The Sunday has 23 hours: the week is an hour short, and still 7 days.
    expect(range.end.diff(range.start, 'hours').hours).toBe(167);
    expect(range.weeks[0].every(day => day.hour === 0)).toBe(true);
    expect(range.title).toBe('22 – 28 Mar 2027');
  });

  it('lays out a month as the Monday-first weeks that hold its days', () => {
    const december = calendarRange('month', at('2026-12-15T12:00'));
    expect(dayKey(december.start)).toBe('2026-11-30');
    expect(dayKey(december.end)).toBe('2027-01-04');
    expect(december.weeks).toHaveLength(5);
    expect(december.month).toBe(12);
    expect(december.title).toBe('December 2026');

    // March 2027 starts on a Monday: no day of February is shown.
    const march = calendarRange('month', at('2027-03-31T23:00'));
    expect(dayKey(march.start)).toBe('2027-03-01');
    expect(dayKey(march.end)).toBe('2027-04-05');
    expect(march.title).toBe('March 2027');
  });

  it('titles a week across two months with both', () => {
    expect(calendarRange('week', at('2026-12-30T12:00')).title).toBe(
      '28 Dec – 3 Jan 2027',
    );
  });

  it('steps a week or a month at a time', () => {
    const anchor = at('2027-01-31T12:00');
    expect(dayKey(shiftAnchor('week', anchor, 1))).toBe('2027-02-07');
    expect(dayKey(shiftAnchor('week', anchor, -1))).toBe('2027-01-24');
    expect(shiftAnchor('month', anchor, 1).toFormat('yyyy-MM')).toBe('2027-02');
  });
});

describe('calendarZone', () => {
  it('uses the trains’ zone when they share one, else the viewer’s', () => {
    expect(calendarZone([weekly, { ...weekly, name: 'express' }])).toBe(zone);
    expect(
      calendarZone([weekly, { ...weekly, timeZone: 'America/New_York' }]),
    ).toBe(DateTime.local().zoneName);
  });
});

describe('departuresByDay', () => {
  it('puts each departure on its day in the calendar’s zone, across the change of time', () => {
    const byDay = departuresByDay(
      [
        departure('2027-03-29T08:00:00.000Z'), // Mon 10:00 CEST
        departure('2027-03-26T09:00:00.000Z'), // Fri 10:00 CET
        departure('2027-03-27T23:30:00.000Z'), // Sun 00:30 CET
        departure('2027-03-28T23:30:00.000Z'), // Mon 01:30 CEST
      ],
      zone,
    );
    expect([...byDay.keys()].sort()).toEqual([
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
    ]);
    expect(
      byDay
        .get('2027-03-29')!
        .map(d => wallClock(d.departsAt, zone, zone, 'HH:mm')),
    ).toEqual(['01:30', '10:00']);
    expect(wallClock('2027-03-26T09:00:00.000Z', zone, zone, 'HH:mm')).toBe(
      '10:00',
    );
  });
});

describe('freezeSpansInWeek', () => {
  const weekOf = (iso: string) => calendarRange('week', at(iso)).weeks[0];

  it('covers every week a freeze touches, clipped to the week', () => {
    const first = freezeSpansInWeek([weekly], weekOf('2026-12-22T12:00'));
    expect(first).toEqual([
      expect.objectContaining({
        train: 'weekly',
        reason: 'Year-end freeze',
        firstColumn: 0,
        lastColumn: 6,
      }),
    ]);
    const second = freezeSpansInWeek([weekly], weekOf('2026-12-29T12:00'));
    expect(second.map(span => [span.firstColumn, span.lastColumn])).toEqual([
      [0, 6],
    ]);
    // It ends at midnight on Monday 4 January: that week is free.
    expect(freezeSpansInWeek([weekly], weekOf('2027-01-05T12:00'))).toEqual([]);
    expect(freezeSpansInWeek([weekly], weekOf('2026-12-15T12:00'))).toEqual([]);
  });

  it('covers only the days a short freeze touches', () => {
    const short: Train = {
      ...weekly,
      freezes: [
        {
          start: '2026-12-09T12:00:00+01:00',
          end: '2026-12-11T00:00:00+01:00',
          reason: 'Audit',
        },
      ],
    };
    expect(
      freezeSpansInWeek([short], weekOf('2026-12-09T12:00')).map(span => [
        span.firstColumn,
        span.lastColumn,
      ]),
    ).toEqual([[2, 3]]);
  });

  it('lists recurring freezes for the legend instead', () => {
    expect(recurringFreezes([weekly])).toEqual([
      { train: 'weekly', text: 'Weekly: Weekends (every 0 0 * * 6, 2880 min)' },
    ]);
  });
});

describe('departures and runs', () => {
  const now = DateTime.fromISO('2026-12-30T12:00:00Z');

  it('tells past, next and later departures apart', () => {
    expect(
      departureKind(departure('2026-12-15T08:00:00.000Z'), weekly, now),
    ).toBe('past');
    expect(departureKind(departure('2027-01-05T08:00:00Z'), weekly, now)).toBe(
      'next',
    );
    expect(
      departureKind(departure('2027-01-12T08:00:00.000Z'), weekly, now),
    ).toBe('later');
  });

  it('finds the run a past departure became, by train and instant', () => {
    const run = {
      id: 'run-1',
      train: 'weekly',
      departsAt: '2026-12-15T08:00:00Z',
      cutoffAt: '2026-12-15T06:00:00Z',
      state: 'arrived' as const,
      createdAt: '2026-12-15T08:00:01Z',
      items: [],
    };
    expect(runOf(departure('2026-12-15T08:00:00.000Z'), [run])).toBe(run);
    expect(
      runOf({ ...departure('2026-12-15T08:00:00.000Z'), train: 'express' }, [
        run,
      ]),
    ).toBeUndefined();
    expect(runOf(departure('2026-12-08T08:00:00.000Z'), [run])).toBeUndefined();
  });

  it('names a departure for screen readers, with its freeze and, for other zones, the zone', () => {
    const frozen = departure('2026-12-22T08:00:00.000Z', 'Year-end freeze');
    expect(
      departureLabel({
        departure: frozen,
        train: weekly,
        kind: 'later',
        calendarZone: zone,
      }),
    ).toBe('Weekly train departs Tue 22 Dec 09:00, frozen: Year-end freeze');
    expect(
      departureLabel({
        departure: departure('2027-01-05T08:00:00.000Z'),
        train: weekly,
        kind: 'next',
        calendarZone: 'UTC',
      }),
    ).toBe(
      'Weekly train departs Tue 5 Jan 09:00 Europe/Berlin, cut-off 07:00 Europe/Berlin, next departure: preview what boards',
    );
  });
});
