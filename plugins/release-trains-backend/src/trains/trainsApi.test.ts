import request from 'supertest';
import {
  component,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { TrainStore } from '../ledger/TrainStore';

jest.setTimeout(60_000);

const trains = {
  express: {
    title: 'Express',
    schedule: { cron: '0 10,15 * * 1-5', timeZone: 'Europe/Berlin' },
    cutoffMinutes: 30,
    freezes: [
      {
        start: '2026-12-24T00:00:00+01:00',
        end: '2026-12-28T00:00:00+01:00',
        reason: 'Holidays',
      },
    ],
  },
};

describe('trains API', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'lists trains, their departures and their runs with manifests (%p)',
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          releaseTrains: { trains },
          entities: [
            component('payments', {
              'release-trains/pipeline': 'default',
              'release-trains/train': 'express',
            }),
          ],
        },
      );
      // The sync puts the annotated service on its train.
      await request(server)
        .get('/api/release-trains/pipeline')
        .query({ service: 'payments' })
        .expect(200);

      const listed = await request(server).get('/api/release-trains/trains');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          name: 'express',
          title: 'Express',
          cutoffMinutes: 30,
          boardsFrom: 'dev',
          services: ['component:default/payments'],
          next: expect.objectContaining({ train: 'express' }),
        }),
      ]);

      const departures = await request(server)
        .get('/api/release-trains/trains/departures')
        .query({ from: '2026-12-23T20:00:00Z', to: '2026-12-28T12:00:00Z' });
      expect(
        departures.body.items.map((d: any) => [d.departsAt, d.frozen]),
      ).toEqual([
        ['2026-12-24T09:00:00.000Z', { reason: 'Holidays' }],
        ['2026-12-24T14:00:00.000Z', { reason: 'Holidays' }],
        ['2026-12-25T09:00:00.000Z', { reason: 'Holidays' }],
        ['2026-12-25T14:00:00.000Z', { reason: 'Holidays' }],
        ['2026-12-28T09:00:00.000Z', undefined],
      ]);

      // A run as the conductor writes it, with the version's change.
      await sendEvents(server, 'build', [
        {
          type: 'version.created',
          service: 'payments',
          version: '1.0.0',
          commitSha: 'a'.repeat(40),
          builtAt: '2026-11-23T08:00:00.000Z',
          changes: [
            {
              commitSha: 'a'.repeat(40),
              prNumber: 7,
              title: 'Faster checkout',
              author: 'ana.lima',
            },
          ],
        },
      ]);
      const store = new TrainStore(knex);
      const runId = (await store.claimDeparture({
        train: 'express',
        departsAt: new Date('2026-11-23T09:00:00Z'),
        cutoffAt: new Date('2026-11-23T08:30:00Z'),
      }))!;
      await store.saveItems(runId, [
        {
          service: 'component:default/payments',
          version: '1.0.0',
          state: 'arrived',
          stage: 'prod',
          changeCount: 1,
        },
      ]);
      await store.setState(runId, 'arrived');

      const runs = await request(server)
        .get('/api/release-trains/trains/runs')
        .query({ train: 'express' });
      expect(runs.body.items).toEqual([
        expect.objectContaining({ id: runId, state: 'arrived' }),
      ]);
      const run = await request(server).get(
        `/api/release-trains/trains/runs/${runId}`,
      );
      expect(run.body.items).toEqual([
        expect.objectContaining({
          service: 'component:default/payments',
          version: '1.0.0',
          changeList: [
            expect.objectContaining({ prNumber: 7, title: 'Faster checkout' }),
          ],
        }),
      ]);
    },
  );

  it('answers 400 to a range it will not compute, and 404 to unknown runs', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3', {
      releaseTrains: { trains },
    });
    const tooLong = await request(server)
      .get('/api/release-trains/trains/departures')
      .query({ from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe(
      'to must be after from, at most 62 days later',
    );
    // Years the cron library cannot step through (it loops for ever on
    // years 0–99) or leap seconds: refused before any computation.
    for (const [from, message] of [
      [
        '0099-06-01T00:00:00Z',
        /from: '0099-06-01T00:00:00Z' is not a time within two years of now/,
      ],
      ['9999-12-30T00:00:00Z', /is not a time within two years of now/],
      ['2026-12-31T23:59:60Z', /is not a valid time/],
    ] as const) {
      const far = await request(server)
        .get('/api/release-trains/trains/departures')
        .query({ from });
      expect(far.status).toBe(400);
      expect(far.body.error.message).toMatch(message);
    }
    const unknownTrain = await request(server)
      .get('/api/release-trains/trains/departures')
      .query({ train: 'nope' });
    expect(unknownTrain.status).toBe(404);
    const unknownRun = await request(server).get(
      '/api/release-trains/trains/runs/nope',
    );
    expect(unknownRun.status).toBe(404);
  });
});
