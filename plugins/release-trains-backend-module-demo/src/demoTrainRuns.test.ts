import { ConfigReader } from '@backstage/config';
import { buildDemoHistory, DEMO_SERVICES, DEMO_TRAINS } from './demoHistory';
import { buildDemoTrainRuns, readDemoTrainSchedules } from './demoTrainRuns';

const express = {
  schedule: { cron: '0 10,15 * * 1-5', timeZone: 'Europe/Berlin' },
};
const weekly = {
  schedule: { cron: '0 9 * * 2', timeZone: 'Europe/Berlin' },
  cutoffMinutes: 120,
  freezes: [
    {
      start: '2026-12-21T00:00:00+01:00',
      end: '2027-01-04T00:00:00+01:00',
      reason: 'Year-end freeze',
    },
  ],
};

function runsAt(now: Date, trains: Record<string, object>) {
  const history = buildDemoHistory(['dev', 'staging', 'prod'], now);
  const schedules = readDemoTrainSchedules(
    new ConfigReader({ releaseTrains: { trains } }),
  );
  return { history, runs: buildDemoTrainRuns(schedules, history, 'prod', now) };
}

const departures = (
  runs: { train: string; departsAt: Date }[],
  train: string,
) => runs.filter(r => r.train === train).map(r => r.departsAt.toISOString());

describe('demo train runs', () => {
  it('put every demo service on one demo train', () => {
    expect(Object.values(DEMO_TRAINS).flat().sort()).toEqual(
      [...DEMO_SERVICES].sort(),
    );
  });

  it('are the last departures before now, carrying what prod ran then', () => {
    const now = new Date('2026-11-21T12:00:00.000Z'); // a Saturday
    const { history, runs } = runsAt(now, { express, weekly, nightly: {} });

    expect(departures(runs, 'express')).toEqual([
      '2026-11-19T14:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
      '2026-11-20T14:00:00.000Z',
    ]);
    expect(departures(runs, 'weekly')).toEqual([
      '2026-11-03T08:00:00.000Z',
      '2026-11-10T08:00:00.000Z',
      '2026-11-17T08:00:00.000Z',
    ]);
    expect(runs).toHaveLength(6);

    const last = runs.find(
      r => r.departsAt.toISOString() === '2026-11-17T08:00:00.000Z',
    )!;
    expect(last.cutoffAt.toISOString()).toBe('2026-11-17T06:00:00.000Z');
    expect(last.items.map(i => i.service)).toEqual(
      DEMO_TRAINS.weekly.map(name => `component:default/${name}`),
    );
    for (const item of last.items) {
      const inProd = history.deployments.filter(
        d =>
          d.service === item.service &&
          d.stage === 'prod' &&
          d.createdAt < last.departsAt,
      );
      const version = history.versions.find(
        v => v.service === item.service && v.version === item.version,
      )!;
      expect(item).toEqual({
        service: item.service,
        version: inProd.at(-1)!.version,
        fromVersion: inProd.at(-2)!.version,
        state: 'arrived',
        stage: 'prod',
        changeCount: version.changes.length,
      });
    }
  });

  it('leave out departures a freeze cancels, for a range or recurring', () => {
    const { runs: yearEnd } = runsAt(new Date('2027-01-02T12:00:00.000Z'), {
      weekly,
    });
    expect(departures(yearEnd, 'weekly')).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-08T08:00:00.000Z',
      '2026-12-15T08:00:00.000Z',
    ]);

    const { runs: fridays } = runsAt(new Date('2026-11-21T12:00:00.000Z'), {
      express: {
        ...express,
        freezes: [
          {
            cron: '0 14 * * 5',
            durationMinutes: 600,
            timeZone: 'Europe/Berlin',
            reason: 'No Friday deploys',
          },
        ],
      },
    });
    expect(departures(fridays, 'express')).toEqual([
      '2026-11-19T09:00:00.000Z',
      '2026-11-19T14:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
    ]);
  });
});
