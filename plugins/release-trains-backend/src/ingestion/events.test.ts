import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { signReleaseTrainsRequest } from '@release-trains/plugin-release-trains-node';
import { createHmac } from 'node:crypto';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  INGESTION_SECRET,
  signedEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const eventsUrl = '/api/release-trains/events';

const versionCreated = {
  type: 'version.created',
  service: 'payments',
  version: '1.5.0',
  commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  builtAt: '2026-11-20T10:00:00.000Z',
  changes: [
    {
      commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      prNumber: 412,
      title: 'Retry card declines once',
      author: 'ana.lima',
      mergedAt: '2026-11-20T09:30:00.000Z',
      issueKeys: ['PAY-77'],
    },
  ],
};

const deployment = (type: string, occurredAt: string) => ({
  type,
  service: 'payments',
  stage: 'staging',
  version: '1.5.0',
  externalId: 'gha-run-991',
  occurredAt,
});

const signed = signedEvents;

describe('POST /events', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('accepts signed events in a batch, all at once', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);

      const response = await signed(
        server,
        {
          events: [
            versionCreated,
            deployment('deployment.started', '2026-11-20T11:00:00.000Z'),
            deployment('deployment.succeeded', '2026-11-20T11:05:00.000Z'),
          ],
        },
        { deliveryId: 'delivery-1' },
      );

      expect(response.status).toBe(200);
      expect(response.headers['x-release-trains-replayed']).toBe('false');
      expect(response.body).toEqual({
        deliveryId: 'delivery-1',
        results: [
          { outcome: 'created', version: '1.5.0' },
          { outcome: 'created', deploymentId: expect.any(String) },
          {
            outcome: 'updated',
            deploymentId: response.body.results[1].deploymentId,
          },
        ],
      });
      const history = await request(server)
        .get('/api/release-trains/deployments')
        .query({ service: 'payments' });
      expect(history.body.items).toEqual([
        expect.objectContaining({
          stage: 'staging',
          version: '1.5.0',
          state: 'succeeded',
          createdBy: 'ci',
          startedAt: '2026-11-20T11:00:00.000Z',
          finishedAt: '2026-11-20T11:05:00.000Z',
        }),
      ]);
    });

    it('gives a retried delivery the same answer and changes nothing', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const body = {
        events: [
          versionCreated,
          deployment('deployment.started', '2026-11-20T11:00:00.000Z'),
        ],
      };

      const first = await signed(server, body, { deliveryId: 'delivery-2' });
      const after = await ledgerSnapshot(knex);
      const retry = await signed(server, body, { deliveryId: 'delivery-2' });

      expect(retry.status).toBe(200);
      expect(retry.headers['x-release-trains-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await ledgerSnapshot(knex)).toEqual(after);
    });

    it('makes one correct deployment when succeeded arrives before started', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const sentAt = Date.now();

      await signed(
        server,
        deployment('deployment.succeeded', '2026-11-20T11:05:00.000Z'),
        {
          deliveryId: 'late-1',
        },
      ).expect(200);
      const late = await signed(
        server,
        deployment('deployment.started', '2026-11-20T11:00:00.000Z'),
        { deliveryId: 'late-2' },
      );
      expect(late.body.results).toEqual([
        { outcome: 'updated', deploymentId: expect.any(String) },
      ]);

      const rows = await knex('deployments');
      expect(rows).toHaveLength(1);
      const history = await request(server)
        .get('/api/release-trains/deployments')
        .query({ service: 'payments' });
      expect(history.body.items[0]).toMatchObject({
        state: 'succeeded',
        startedAt: '2026-11-20T11:00:00.000Z',
        finishedAt: '2026-11-20T11:05:00.000Z',
      });
      const pipeline = await request(server)
        .get('/api/release-trains/pipeline')
        .query({ service: 'payments' });
      // Since when the ledger knows it, not since when CI says it happened.
      expect(pipeline.body.stages[1]).toMatchObject({
        current: { version: '1.5.0' },
      });
      expect(
        Date.parse(pipeline.body.stages[1].current.since),
      ).toBeGreaterThanOrEqual(sentAt - 1000);
      expect(pipeline.body.stages[1].inFlight).toBeUndefined();
    });

    it('keeps one deployment in flight: a new CI start supersedes the one before, whose later reports change nothing', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const started = (externalId: string, occurredAt: string) => ({
        ...deployment('deployment.started', occurredAt),
        externalId,
      });
      await signed(server, started('run-1', '2026-11-20T11:00:00.000Z'), {
        deliveryId: 'run-1-started',
      }).expect(200);
      // Two starts in one delivery, the second superseding the first.
      await signed(
        server,
        {
          events: [
            started('run-2', '2026-11-20T11:01:00.000Z'),
            started('run-3', '2026-11-20T11:02:00.000Z'),
          ],
        },
        { deliveryId: 'runs-2-3-started' },
      ).expect(200);
      const late = await signed(
        server,
        {
          ...deployment('deployment.succeeded', '2026-11-20T11:03:00.000Z'),
          externalId: 'run-1',
        },
        { deliveryId: 'run-1-succeeded' },
      ).expect(200);
      expect(late.body.results[0].outcome).toBe('unchanged');

      const rows = await knex('deployments').orderBy('external_id');
      expect(
        rows.map(row => [row.external_id, row.state, row.reason, row.ended_by]),
      ).toEqual([
        [
          'run-1',
          'cancelled',
          'Superseded by CI deployment run-2',
          'superseded',
        ],
        [
          'run-2',
          'cancelled',
          'Superseded by CI deployment run-3',
          'superseded',
        ],
        ['run-3', 'in-progress', null, null],
      ]);
      const pipeline = await request(server)
        .get('/api/release-trains/pipeline')
        .query({ service: 'payments' });
      expect(pipeline.body.stages[1].inFlight).toMatchObject({
        id: rows[2].id,
      });
      expect(pipeline.body.stages[1].current).toBeUndefined();
    });

    it('tells its own endings from reasons CI writes: a report worded like one is still followed by the next', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      // CI's own words, the same as the ledger's when it supersedes or
      // times out a deployment.
      await signed(
        server,
        {
          ...deployment('deployment.started', '2026-11-20T11:00:00.000Z'),
          reason: 'Superseded by CI deployment run-0',
        },
        { deliveryId: 'worded-started' },
      ).expect(200);
      const succeeded = await signed(
        server,
        deployment('deployment.succeeded', '2026-11-20T11:05:00.000Z'),
        { deliveryId: 'worded-succeeded' },
      ).expect(200);
      expect(succeeded.body.results[0].outcome).toBe('updated');

      await signed(
        server,
        {
          ...deployment('deployment.failed', '2026-11-20T11:10:00.000Z'),
          externalId: 'gha-run-992',
          reason: 'No report from CI by its deadline 2026-11-20T12:10:00.000Z',
        },
        { deliveryId: 'worded-failed' },
      ).expect(200);
      // A failure CI reported is not the ledger's guess: no late success.
      await signed(
        server,
        {
          ...deployment('deployment.succeeded', '2026-11-20T11:15:00.000Z'),
          externalId: 'gha-run-992',
        },
        { deliveryId: 'worded-late-success' },
      ).expect(409);

      const rows = await knex('deployments').orderBy('external_id');
      expect(
        rows.map(row => [row.external_id, row.state, row.ended_by]),
      ).toEqual([
        ['gha-run-991', 'succeeded', null],
        ['gha-run-992', 'failed', null],
      ]);
    });

    it('applies concurrent deliveries that touch the same stages in opposite orders', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const event = (service: string, stage: string, id: string) => ({
        type: 'deployment.succeeded',
        service,
        stage,
        version: '1.0.0',
        externalId: id,
        occurredAt: '2026-11-20T11:00:00.000Z',
      });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const pair = [
            event('payments', 'dev', `p-${i}`),
            event('cart', 'prod', `c-${i}`),
          ];
          return request(server)
            .post(eventsUrl)
            .set('Authorization', mockCredentials.service.header())
            .set('X-Release-Trains-Delivery', `concurrent-${i}`)
            .send({ events: i % 2 ? pair : pair.reverse() });
        }),
      );
      expect(responses.map(r => r.status)).toEqual(Array(20).fill(200));
      const [{ n }] = await knex('deployments').count({ n: '*' });
      expect(Number(n)).toBe(40);
    });

    it('merges deliveries that report the same CI deployment and version at once', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          request(server)
            .post(eventsUrl)
            .set('Authorization', mockCredentials.service.header())
            .set('X-Release-Trains-Delivery', `same-${i}`)
            .send({
              events: [
                versionCreated,
                deployment(
                  i % 2 ? 'deployment.succeeded' : 'deployment.started',
                  `2026-11-20T11:0${i}:00.000Z`,
                ),
              ],
            }),
        ),
      );
      expect(responses.map(r => r.status)).toEqual(Array(6).fill(200));
      const rows = await knex('deployments');
      expect(rows).toHaveLength(1);
      expect(rows[0].state).toBe('succeeded');
      expect(Number((await knex('versions').count({ n: '*' }))[0].n)).toBe(1);
    });

    it('accepts a Backstage service token instead of a signature', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      const response = await request(server)
        .post(eventsUrl)
        .set('Authorization', mockCredentials.service.header())
        .set('X-Release-Trains-Delivery', 'token-1')
        .send(versionCreated);
      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([
        { outcome: 'created', version: '1.5.0' },
      ]);
    });

    it.each<
      [
        string,
        Omit<Parameters<typeof signed>[2], 'deliveryId'> & {
          signedMinutesFromNow?: number;
        },
      ]
    >([
      ['a wrong secret', { secret: 'another-secret-of-enough-length' }],
      [
        'a tampered body',
        {
          rawBody: JSON.stringify({ ...versionCreated, version: '6.6.6' }),
          signedBody: JSON.stringify(versionCreated),
        },
      ],
      [
        'a signature for another delivery id (a replay)',
        { signedDeliveryId: 'captured-1' },
      ],
      // Dated when the test runs, not when the table is made: a slow run
      // would otherwise bring them within the tolerance.
      ['a signature made six minutes ago', { signedMinutesFromNow: -6 }],
      ['a signature dated six minutes ahead', { signedMinutesFromNow: 6 }],
    ])(
      'rejects %s with 401, stores nothing and audits the attempt',
      async (_case, { signedMinutesFromNow, ...options }) => {
        const auditEvents: AuditorServiceCreateEventOptions[] = [];
        const { server, knex } = await startTestLedgerBackend(
          databases,
          databaseId,
          { auditEvents },
        );
        const before = await ledgerSnapshot(knex);
        const response = await signed(server, versionCreated, {
          deliveryId: 'bad-1',
          ...options,
          ...(signedMinutesFromNow !== undefined && {
            signedAt: new Date(Date.now() + signedMinutesFromNow * 60_000),
          }),
        });
        expect(response.status).toBe(401);
        expect(await ledgerSnapshot(knex)).toEqual(before);
        expect(auditEvents).toContainEqual(
          expect.objectContaining({
            eventId: 'events-ingest',
            severityLevel: 'medium',
            meta: { deliveryId: 'bad-1', source: 'ci' },
          }),
        );
      },
    );
  });

  it.each([
    [
      'no signature and no token',
      (r: request.Test) =>
        r.set('Authorization', mockCredentials.none.header()),
    ],
    [
      'an unknown source',
      (r: request.Test) =>
        r
          .set('Authorization', mockCredentials.none.header())
          .set('X-Release-Trains-Source', 'other')
          .set(
            'X-Release-Trains-Signature',
            signReleaseTrainsRequest({
              body: JSON.stringify(versionCreated),
              deliveryId: 'x',
              secret: INGESTION_SECRET,
            }),
          ),
    ],
    [
      'the signature of the body alone (the scheme without timestamp)',
      (r: request.Test) =>
        r
          .set('Authorization', mockCredentials.none.header())
          .set('X-Release-Trains-Source', 'ci')
          .set(
            'X-Release-Trains-Signature',
            `sha256=${createHmac('sha256', INGESTION_SECRET)
              .update(JSON.stringify(versionCreated))
              .digest('hex')}`,
          ),
    ],
  ])('rejects %s with 401', async (_case, prepare) => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    const before = await ledgerSnapshot(knex);
    const response = await prepare(
      request(server).post(eventsUrl).set('X-Release-Trains-Delivery', 'x'),
    ).send(versionCreated);
    expect(response.status).toBe(401);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });

  it('refuses a user token with 403: only CI services send events', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    const before = await ledgerSnapshot(knex);
    const response = await request(server)
      .post(eventsUrl)
      .set('Authorization', mockCredentials.user.header())
      .set('X-Release-Trains-Delivery', 'x')
      .send(versionCreated);
    expect(response.status).toBe(403);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });

  it.each([
    [
      'a batch over 500 events',
      { events: Array.from({ length: 501 }, () => versionCreated) },
      /events must NOT have more than 500 items/,
    ],
    [
      'an unknown event type',
      { ...versionCreated, type: 'version.deleted' },
      /body/,
    ],
    [
      'an unknown stage',
      {
        ...deployment('deployment.started', '2026-11-20T11:00:00.000Z'),
        stage: 'qa',
      },
      /stage: 'qa' is not a stage of component:default\/payments/,
    ],
    [
      'an unknown service in a batch',
      { events: [versionCreated, { ...versionCreated, service: 'ghost' }] },
      /events\[1\]\.service: component:default\/ghost is not a service on a pipeline/,
    ],
    [
      'a short commit SHA',
      { ...versionCreated, commitSha: 'abc' },
      /commitSha must NOT have fewer than 7 characters/,
    ],
  ])(
    'rejects %s with 400 and stores nothing, not even earlier events',
    async (_case, body, message) => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        'SQLITE_3',
      );
      const before = await ledgerSnapshot(knex);
      const response = await signed(server, body, { deliveryId: 'invalid-1' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(await ledgerSnapshot(knex)).toEqual(before);
    },
  );

  it('answers 400 without a delivery id', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server)
      .post(eventsUrl)
      .set('Authorization', mockCredentials.service.header())
      .send(versionCreated);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/x-release-trains-delivery/i);
  });

  it('refuses a version rebuilt from another commit with 409, keeping the first', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    await signed(server, versionCreated, { deliveryId: 'v-1' }).expect(200);
    const response = await signed(
      server,
      {
        ...versionCreated,
        commitSha: 'ffffffffffffffffffffffffffffffffffffffff',
        changes: [],
      },
      { deliveryId: 'v-2' },
    );
    expect(response.status).toBe(409);
    const [row] = await knex('versions');
    expect(row.commit_sha).toBe(versionCreated.commitSha);
    expect(await knex('ingestion_deliveries').pluck('delivery_id')).toEqual([
      'v-1',
    ]);
  });

  describe.each(databases.eachSupportedId())(
    'delivery ids, clocks and sources on %p',
    databaseId => {
      it('keeps delivery ids apart per source: the same id from two sources is two deliveries', async () => {
        const { server, knex } = await startTestLedgerBackend(
          databases,
          databaseId,
        );
        await signed(server, versionCreated, { deliveryId: 'run-7' }).expect(
          200,
        );
        const fromToken = await request(server)
          .post(eventsUrl)
          .set('Authorization', mockCredentials.service.header())
          .set('X-Release-Trains-Delivery', 'run-7')
          .send({ ...versionCreated, version: '1.6.0', changes: [] });
        expect(fromToken.status).toBe(200);
        expect(fromToken.headers['x-release-trains-replayed']).toBe('false');
        expect((await knex('versions').pluck('version')).sort()).toEqual([
          '1.5.0',
          '1.6.0',
        ]);
      });

      it('refuses (409) a retry of a delivery id with another body, changing nothing', async () => {
        const { server, knex } = await startTestLedgerBackend(
          databases,
          databaseId,
        );
        await signed(server, versionCreated, { deliveryId: 'd-9' }).expect(200);
        const before = await ledgerSnapshot(knex);
        const other = await signed(
          server,
          { ...versionCreated, version: '9.9.9', changes: [] },
          { deliveryId: 'd-9' },
        );
        expect(other.status).toBe(409);
        expect(other.body.error.message).toMatch(
          /Delivery d-9 of source ci was applied with another body/,
        );
        expect(await ledgerSnapshot(knex)).toEqual(before);
      });

      it('refuses (400) events dated beyond the allowed clock skew, and takes those within it', async () => {
        const { server, knex } = await startTestLedgerBackend(
          databases,
          databaseId,
        );
        const before = await ledgerSnapshot(knex);
        const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
        for (const [body, field] of [
          [deployment('deployment.succeeded', inAnHour), 'occurredAt'],
          [{ ...versionCreated, builtAt: inAnHour }, 'builtAt'],
          [
            {
              ...versionCreated,
              changes: [{ ...versionCreated.changes[0], mergedAt: inAnHour }],
            },
            'changes\\[0\\]\\.mergedAt',
          ],
        ] as const) {
          const response = await signed(server, body, {
            deliveryId: `future-${field.length}`,
          });
          expect(response.status).toBe(400);
          expect(response.body.error.message).toMatch(
            new RegExp(`${field}: .* is more than 300 seconds ahead`),
          );
        }
        expect(await ledgerSnapshot(knex)).toEqual(before);
        const soon = new Date(Date.now() + 60_000).toISOString();
        await signed(server, deployment('deployment.succeeded', soon), {
          deliveryId: 'soon',
        }).expect(200);
      });

      it('lets the order the ledger receives reports decide what a stage runs, not the times CI claims', async () => {
        const { server } = await startTestLedgerBackend(databases, databaseId);
        const report = (version: string, id: string, occurredAt: string) => ({
          type: 'deployment.succeeded',
          service: 'payments',
          stage: 'staging',
          version,
          externalId: id,
          occurredAt,
        });
        await signed(server, report('1.1.0', 'a', '2026-11-20T12:00:00Z'), {
          deliveryId: 'order-1',
        }).expect(200);
        // Received later, but claims to have happened a day earlier.
        await signed(server, report('1.2.0', 'b', '2026-11-19T12:00:00Z'), {
          deliveryId: 'order-2',
        }).expect(200);
        const pipeline = await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service: 'payments' });
        expect(pipeline.body.stages[1].current.version).toBe('1.2.0');
      });

      it('refuses (403) reports for a service the source does not report for, storing nothing', async () => {
        const sources = (tokenSource: object) => ({
          releaseTrains: {
            ingestion: {
              sources: {
                ci: {
                  secret: INGESTION_SECRET,
                  services: ['component:default/cart'],
                },
                ...tokenSource,
              },
            },
          },
        });
        const tokenEvents = (
          server: Parameters<typeof request>[0],
          id: string,
        ) =>
          request(server)
            .post(eventsUrl)
            .set('Authorization', mockCredentials.service.header())
            .set('X-Release-Trains-Delivery', id)
            .send(versionCreated);
        const { server, knex } = await startTestLedgerBackend(
          databases,
          databaseId,
          sources({
            'team-b-ci': {
              subject: mockCredentials.service().principal.subject,
              owners: ['team-b'],
            },
          }),
        );
        const before = await ledgerSnapshot(knex);
        const signedDenied = await signed(
          server,
          { events: [{ ...versionCreated, service: 'cart' }, versionCreated] },
          { deliveryId: 'scope-1' },
        );
        expect(signedDenied.status).toBe(403);
        expect(signedDenied.body.error.message).toMatch(
          /Source 'ci' may not report for component:default\/payments/,
        );
        const tokenDenied = await tokenEvents(server, 'scope-2');
        expect(tokenDenied.status).toBe(403);
        expect(tokenDenied.body.error.message).toMatch(
          /Source 'team-b-ci' may not report for component:default\/payments/,
        );
        expect(await ledgerSnapshot(knex)).toEqual(before);
        await signed(
          server,
          { ...versionCreated, service: 'cart' },
          { deliveryId: 'scope-3' },
        ).expect(200);

        // A service token whose subject is no source's.
        const unknown = await startTestLedgerBackend(
          databases,
          databaseId,
          sources({}),
        );
        const unknownToken = await tokenEvents(unknown.server, 'scope-4');
        expect(unknownToken.status).toBe(403);
        expect(unknownToken.body.error.message).toMatch(
          /external:test-service is not a CI source/,
        );

        // The owner's CI reports for every service the owner has.
        const owner = await startTestLedgerBackend(
          databases,
          databaseId,
          sources({
            'team-a-ci': {
              subject: mockCredentials.service().principal.subject,
              owners: ['group:default/team-a'],
            },
          }),
        );
        await tokenEvents(owner.server, 'scope-5').expect(200);
      });
    },
  );
});
