import { http, HttpResponse } from 'msw';
import { DateTime } from 'luxon';
import { testBaseUrl as baseUrl } from '../../../__testUtils__/renderWithApi';

/**
 * The demo's trains for the schedule's tests, and an msw backend that
 * answers their departures for any range the way the real one does:
 * Express at 10:00 and 15:00 on weekdays, Weekly on Tuesdays at 09:00,
 * both in Europe/Berlin; the Weekly frozen over the year end.
 */

const zone = 'Europe/Berlin';

export const yearEnd = {
  start: '2026-12-21T00:00:00+01:00',
  end: '2027-01-04T00:00:00+01:00',
  reason: 'Year-end freeze',
};

const trainConfig = [
  {
    name: 'express',
    title: 'Express',
    cron: '0 10,15 * * 1-5',
    cutoffMinutes: 30,
    maxChanges: 40,
    services: ['component:default/payments', 'component:default/cart'],
    freezes: [] as (typeof yearEnd)[],
    slots: (day: DateTime) => (day.weekday <= 5 ? [10, 15] : []),
  },
  {
    name: 'weekly',
    title: 'Weekly',
    cron: '0 9 * * 2',
    cutoffMinutes: 120,
    maxChanges: undefined,
    services: ['component:default/search'],
    freezes: [yearEnd],
    slots: (day: DateTime) => (day.weekday === 2 ? [9] : []),
  },
];

type Departure = {
  train: string;
  departsAt: string;
  cutoffAt: string;
  frozen?: { reason: string };
};

/** The trains' departures in [from, to), in time order. */
export function departuresBetween(from: string, to: string): Departure[] {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone });
  const departures: Departure[] = [];
  for (let day = start; day < end; day = day.plus({ days: 1 })) {
    for (const train of trainConfig) {
      for (const hour of train.slots(day)) {
        const at = day.set({ hour });
        if (at < DateTime.fromISO(from) || at >= end) continue;
        const freeze = train.freezes.find(
          f =>
            Date.parse(f.start) <= at.toMillis() &&
            at.toMillis() < Date.parse(f.end),
        );
        departures.push({
          train: train.name,
          departsAt: at.toUTC().toISO()!,
          cutoffAt: at.minus({ minutes: train.cutoffMinutes }).toUTC().toISO()!,
          ...(freeze && { frozen: { reason: freeze.reason } }),
        });
      }
    }
  }
  return departures.sort((a, b) => a.departsAt.localeCompare(b.departsAt));
}

/** The trains as GET /trains answers them at `now`, each with its next unfrozen departure. */
export function trainsAt(now: DateTime) {
  const upcoming = departuresBetween(
    now.toUTC().toISO()!,
    now.plus({ days: 40 }).toUTC().toISO()!,
  ).filter(d => !d.frozen && Date.parse(d.departsAt) > now.toMillis());
  return trainConfig.map(({ slots, maxChanges, ...train }) => ({
    ...train,
    timeZone: zone,
    pipeline: 'default',
    boardsFrom: 'dev',
    ...(maxChanges && { maxChanges }),
    next: upcoming.find(d => d.train === train.name),
  }));
}

/** Express's run of Monday 23 November, 10:00. */
export const run = {
  id: 'run-1',
  train: 'express',
  departsAt: '2026-11-23T09:00:00.000Z',
  cutoffAt: '2026-11-23T08:30:00.000Z',
  state: 'in-stage',
  stage: 'prod',
  createdAt: '2026-11-23T09:00:01.000Z',
  items: [
    {
      service: 'component:default/payments',
      version: '1.4.2',
      state: 'awaiting-approval',
      stage: 'prod',
      changeCount: 1,
    },
    {
      service: 'component:default/cart',
      state: 'waiting',
      changeCount: 0,
      reason: '2.1.0 was built after the cut-off; it waits for the next train',
    },
  ],
};

const manifest = {
  ...run,
  items: run.items.map(item => ({
    ...item,
    changeList: item.version
      ? [
          {
            commitSha: 'abc1234',
            prNumber: 42,
            title: 'Fix rounding in checkout',
            author: 'ben.okafor',
            issueKeys: [],
          },
        ]
      : [],
  })),
};

/** What Express's next departure would carry now: payments boards, cart waits. */
export const preview = (now: DateTime) => {
  const next = trainsAt(now)[0].next!;
  return {
    ...next,
    items: [
      {
        service: 'component:default/payments',
        version: '1.5.0',
        state: 'boarded',
        changeCount: 3,
      },
      {
        service: 'component:default/cart',
        state: 'waiting',
        changeCount: 0,
        reason:
          '2.2.0 was built after the cut-off; it waits for the next train',
      },
    ],
  };
};

/** The backend's train routes, as of `now`. */
export function trainRoutes(now: DateTime) {
  return [
    http.get(`${baseUrl}/trains`, () =>
      HttpResponse.json({ items: trainsAt(now) }),
    ),
    http.get(`${baseUrl}/trains/departures`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      return HttpResponse.json({
        items: departuresBetween(query.get('from')!, query.get('to')!),
      });
    }),
    http.get(`${baseUrl}/trains/runs`, () =>
      HttpResponse.json({ items: [run] }),
    ),
    http.get(`${baseUrl}/trains/runs/run-1`, () => HttpResponse.json(manifest)),
    http.get(`${baseUrl}/trains/express/preview`, () =>
      HttpResponse.json(preview(now)),
    ),
  ];
}
