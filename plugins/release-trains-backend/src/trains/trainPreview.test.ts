import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { secretHidden } from '../__testUtils__/insights';
import {
  component,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { clockAt } from '../__testUtils__/clock';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const API = '/api/release-trains';
const ref = (name: string) => `component:default/${name}`;
const reader = mockCredentials.user.header('user:default/ana');

afterEach(() => jest.useRealTimers());

/** Departs daily at 10:00 UTC, cut-off 09:30, at most two changes. */
const express = {
  title: 'Express',
  schedule: { cron: '0 10 * * *', timeZone: 'UTC' },
  cutoffMinutes: 30,
  maxChanges: 2,
  services: ['payments', 'search', 'cart', 'secret'].map(ref),
  freezes: [
    {
      start: '2026-11-24T00:00:00Z',
      end: '2026-11-25T00:00:00Z',
      reason: 'Quiet day',
    },
  ],
};

/** Versions of `name` built at the times given (each with one change), all through dev. */
function built(name: string, builds: [string, string][]) {
  return builds.flatMap(([version, builtAt], i) => {
    const sha = `${name}${version}${i}`
      .replace(/[^0-9a-f]/g, '')
      .padEnd(40, '0');
    return [
      {
        type: 'version.created',
        service: name,
        version,
        commitSha: sha,
        builtAt,
        changes: [
          { commitSha: sha, title: `${name} ${version}`, author: 'ana' },
        ],
      },
      {
        type: 'deployment.succeeded',
        service: name,
        stage: 'dev',
        version,
        externalId: `${name}-${version}`,
        occurredAt: '2026-11-23T09:42:00Z',
      },
    ];
  });
}

describe('GET /trains/{name}/preview', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'shows what the next departure would carry, and why the rest waits, without recording it (%p)',
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          releaseTrains: { trains: { express } },
          entities: ['payments', 'search', 'cart', 'secret'].map(name =>
            component(name),
          ),
          policy: secretHidden,
        },
      );
      clockAt('2026-11-23T09:45:00Z');
      await sendEvents(server, 'builds', [
        // 1.0.0 is the newest built by the cut-off; 1.1.0 came after it.
        ...built('payments', [
          ['0.9.0', '2026-11-23T07:00:00Z'],
          ['1.0.0', '2026-11-23T08:00:00Z'],
          ['1.1.0', '2026-11-23T09:40:00Z'],
        ]),
        // Its one change would make three: over the capacity of two.
        ...built('search', [['3.0.0', '2026-11-23T08:00:00Z']]),
        // Nothing built by the cut-off.
        ...built('cart', [['2.0.0', '2026-11-23T09:41:00Z']]),
        ...built('secret', [['9.0.0', '2026-11-23T08:00:00Z']]),
      ]);

      const preview = await request(server)
        .get(`${API}/trains/express/preview`)
        .set('Authorization', reader)
        .expect(200);
      expect(preview.body).toEqual({
        train: 'express',
        departsAt: '2026-11-23T10:00:00.000Z',
        cutoffAt: '2026-11-23T09:30:00.000Z',
        items: [
          {
            service: ref('payments'),
            version: '1.0.0',
            state: 'boarded',
            changeCount: 2,
            reason:
              '1.1.0 was built after the cut-off; it waits for the next train',
          },
          {
            service: ref('search'),
            version: '3.0.0',
            state: 'waiting',
            changeCount: 1,
            reason:
              "Over the train's capacity of 2 changes; it waits for the next train",
          },
          {
            service: ref('cart'),
            state: 'waiting',
            changeCount: 0,
            reason:
              '2.0.0 was built after the cut-off; it waits for the next train',
          },
          // secret, which the reader may not see, is left out.
        ],
      });
      // A preview departs nothing.
      expect(Number((await knex('train_runs').count('* as n'))[0].n)).toBe(0);

      // After today's departure, tomorrow's is frozen: the preview is of the
      // first departure after the freeze, the train's next, with its cut-off
      // (so 1.1.0, built before it, now boards).
      clockAt('2026-11-23T10:30:00Z');
      const afterFreeze = await request(server)
        .get(`${API}/trains/express/preview`)
        .set('Authorization', reader)
        .expect(200);
      expect(afterFreeze.body).toEqual(
        expect.objectContaining({
          departsAt: '2026-11-25T10:00:00.000Z',
          cutoffAt: '2026-11-25T09:30:00.000Z',
        }),
      );
      expect(afterFreeze.body.frozen).toBeUndefined();
      expect(afterFreeze.body.items[0]).toEqual(
        expect.objectContaining({ service: ref('payments'), version: '1.1.0' }),
      );
      const trains = await request(server)
        .get(`${API}/trains`)
        .set('Authorization', reader)
        .expect(200);
      expect(trains.body.items[0].next.departsAt).toBe(
        afterFreeze.body.departsAt,
      );
    },
  );

  it('answers 404 to an unknown train and 401 to no one', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3', {
      releaseTrains: { trains: { express } },
    });
    const unknown = await request(server)
      .get(`${API}/trains/nope/preview`)
      .set('Authorization', reader);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No train nope');
    await request(server)
      .get(`${API}/trains/express/preview`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });
});
