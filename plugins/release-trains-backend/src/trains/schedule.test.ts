import { ConfigReader } from '@backstage/config';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { readTrains, TrainConfig } from '../config/trains';
import { departuresBetween, dueDeparture, nextDeparture } from './schedule';

function train(config: object): TrainConfig {
  return readTrains(
    new ConfigReader({ releaseTrains: { trains: { express: config } } }),
    DEFAULT_PIPELINES,
  ).get('express')!;
}

/** Weekdays at 10:00 and 15:00 in Berlin, cut-off 30 minutes before. */
const express = train({
  schedule: { cron: '0 10,15 * * 1-5', timeZone: 'Europe/Berlin' },
  cutoffMinutes: 30,
  freezes: [
    {
      start: '2026-12-24T00:00:00+01:00',
      end: '2026-12-28T00:00:00+01:00',
      reason: 'Holidays',
    },
  ],
});

const iso = (dates: Date[]) => dates.map(d => d.toISOString());

describe('train schedule', () => {
  it('lists departures with their cut-offs, in the train’s time zone', () => {
    const departures = departuresBetween(
      express,
      new Date('2026-11-23T00:00:00Z'), // a Monday
      new Date('2026-11-24T00:00:00Z'),
    );
    expect(departures).toEqual([
      {
        train: 'express',
        departsAt: new Date('2026-11-23T09:00:00Z'),
        cutoffAt: new Date('2026-11-23T08:30:00Z'),
      },
      {
        train: 'express',
        departsAt: new Date('2026-11-23T14:00:00Z'),
        cutoffAt: new Date('2026-11-23T13:30:00Z'),
      },
    ]);
  });

  it('answers the same whatever was asked before (departure times are kept as worked out)', () => {
    const times = (from: string, to: string) =>
      iso(
        departuresBetween(express, new Date(from), new Date(to)).map(
          d => d.departsAt,
        ),
      );
    const monday = ['2026-11-23T09:00:00.000Z', '2026-11-23T14:00:00.000Z'];
    const friday = ['2026-11-27T09:00:00.000Z', '2026-11-27T14:00:00.000Z'];
    // Later first, then earlier, a day far ahead, and from the middle of one.
    expect(times('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z')).toEqual(
      friday,
    );
    expect(times('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z')).toEqual(
      monday,
    );
    expect(times('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z')).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-03-01T14:00:00.000Z',
    ]);
    expect(times('2026-11-23T09:00:00Z', '2026-11-24T00:00:00Z')).toEqual(
      monday,
    );
    expect(times('2026-11-23T09:00:00.001Z', '2026-11-24T00:00:00Z')).toEqual(
      monday.slice(1),
    );
    expect(times('2026-11-23T00:00:00Z', '2026-11-28T00:00:00Z')).toHaveLength(
      10,
    );
  });

  it('never answers a departure before the time asked about, whatever it worked out before', () => {
    const next = (at: string) =>
      nextDeparture(express, new Date(at))?.departsAt.toISOString();
    expect(next('2026-11-30T08:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    // Later the same day, past the one departure worked out so far.
    expect(next('2026-11-30T15:00:00Z')).toBe('2026-12-01T09:00:00.000Z');
    expect(next('2026-11-30T09:30:00Z')).toBe('2026-11-30T14:00:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // Berlin leaves summer time on Sunday 2026-10-25: 10:00 is 08:00Z before, 09:00Z after.
    expect(
      iso(
        departuresBetween(
          express,
          new Date('2026-10-23T00:00:00Z'),
          new Date('2026-10-27T00:00:00Z'),
        ).map(d => d.departsAt),
      ),
    ).toEqual([
      '2026-10-23T08:00:00.000Z',
      '2026-10-23T13:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
      '2026-10-26T14:00:00.000Z',
    ]);
  });

  it('marks departures inside a freeze, and skips them for the next one', () => {
    const departures = departuresBetween(
      express,
      new Date('2026-12-23T20:00:00Z'),
      new Date('2026-12-28T12:00:00Z'),
    );
    expect(departures.map(d => [d.departsAt.toISOString(), d.frozen])).toEqual([
      ['2026-12-24T09:00:00.000Z', { reason: 'Holidays' }],
      ['2026-12-24T14:00:00.000Z', { reason: 'Holidays' }],
      ['2026-12-25T09:00:00.000Z', { reason: 'Holidays' }],
      ['2026-12-25T14:00:00.000Z', { reason: 'Holidays' }],
      ['2026-12-28T09:00:00.000Z', undefined],
    ]);
    expect(
      nextDeparture(express, new Date('2026-12-23T20:00:00Z'))?.departsAt,
    ).toEqual(new Date('2026-12-28T09:00:00Z'));
  });

  it('counts a departure at the exact cut-off boundary', () => {
    const next = nextDeparture(express, new Date('2026-11-23T08:30:00Z'))!;
    expect(next.cutoffAt).toEqual(new Date('2026-11-23T08:30:00Z'));
    // A departure at exactly `after` is not "next".
    expect(
      nextDeparture(express, new Date('2026-11-23T09:00:00Z'))!.departsAt,
    ).toEqual(new Date('2026-11-23T14:00:00Z'));
  });

  it('departs once for the latest slot missed while the backend was down', () => {
    const ran = new Set<string>(['2026-11-23T09:00:00.000Z']);
    const hasRun = (at: Date) => ran.has(at.toISOString());
    // Down from Monday 09:30Z until Tuesday 15:00Z: three slots missed.
    const due = dueDeparture(express, new Date('2026-11-24T15:00:00Z'), hasRun);
    expect(due?.departsAt).toEqual(new Date('2026-11-24T14:00:00Z'));
    ran.add(due!.departsAt.toISOString());
    expect(
      dueDeparture(express, new Date('2026-11-24T15:01:00Z'), hasRun),
    ).toBeUndefined();
    // Before the first slot of the day, nothing is owed twice.
    expect(
      dueDeparture(express, new Date('2026-11-25T08:59:00Z'), hasRun),
    ).toBeUndefined();
  });

  it.each([
    [{ schedule: { cron: 'whenever' } }, /schedule.cron: 'whenever' is not/],
    [
      { schedule: { cron: '0 10 * * *', timeZone: 'Moon/Base' } },
      /is not a time zone/,
    ],
    [
      { schedule: { cron: '0 10 * * *' }, pipeline: 'nightly' },
      /pipeline: 'nightly' is not a configured pipeline/,
    ],
    [
      { schedule: { cron: '0 10 * * *' }, boardsFrom: 'prod' },
      /boardsFrom: 'prod' must be a stage of pipeline 'default' before its last/,
    ],
  ])('refuses %j with a message naming the key', (config, message) => {
    expect(() => train(config)).toThrow(message);
  });
});
