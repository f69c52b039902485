import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { countLedgerRows } from '../__testUtils__/ledger';
import {
  INGESTION_SECRET,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { signBody } from './signature';

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
  deploymentId: 'gha-run-991',
  occurredAt,
});

/** A request signed by the configured `ci` source, as CI would send it. */
function signed(
  server: Parameters<typeof request>[0],
  body: unknown,
  options: { deliveryId: string; secret?: string; rawBody?: string },
) {
  const raw = options.rawBody ?? JSON.stringify(body);
  return request(server)
    .post(eventsUrl)
    .set('Authorization', mockCredentials.none.header())
    .set('Content-Type', 'application/json')
    .set('X-Release-Trains-Delivery', options.deliveryId)
    .set('X-Release-Trains-Source', 'ci')
    .set(
      'X-Release-Trains-Signature',
      signBody(JSON.stringify(body), options.secret ?? INGESTION_SECRET),
    )
    .send(raw);
}

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
      const after = await countLedgerRows(knex);
      const retry = await signed(server, body, { deliveryId: 'delivery-2' });

      expect(retry.status).toBe(200);
      expect(retry.headers['x-release-trains-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await countLedgerRows(knex)).toEqual(after);
    });

    it('makes one correct deployment when succeeded arrives before started', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );

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
      expect(pipeline.body.stages[1]).toMatchObject({
        current: { version: '1.5.0', since: '2026-11-20T11:05:00.000Z' },
      });
      expect(pipeline.body.stages[1].inFlight).toBeUndefined();
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
        deploymentId: id,
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

    it.each([
      ['a wrong secret', { secret: 'another-secret-of-enough-length' }],
      [
        'a tampered body',
        { rawBody: JSON.stringify({ ...versionCreated, version: '6.6.6' }) },
      ],
    ])('rejects %s with 401 and stores nothing', async (_case, options) => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      const before = await countLedgerRows(knex);
      const response = await signed(server, versionCreated, {
        deliveryId: 'bad-1',
        ...options,
      });
      expect(response.status).toBe(401);
      expect(await countLedgerRows(knex)).toEqual(before);
    });
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
            signBody(JSON.stringify(versionCreated), INGESTION_SECRET),
          ),
    ],
  ])('rejects %s with 401', async (_case, prepare) => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    const before = await countLedgerRows(knex);
    const response = await prepare(
      request(server).post(eventsUrl).set('X-Release-Trains-Delivery', 'x'),
    ).send(versionCreated);
    expect(response.status).toBe(401);
    expect(await countLedgerRows(knex)).toEqual(before);
  });

  it('refuses a user token with 403: only CI services send events', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    const before = await countLedgerRows(knex);
    const response = await request(server)
      .post(eventsUrl)
      .set('Authorization', mockCredentials.user.header())
      .set('X-Release-Trains-Delivery', 'x')
      .send(versionCreated);
    expect(response.status).toBe(403);
    expect(await countLedgerRows(knex)).toEqual(before);
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
      const before = await countLedgerRows(knex);
      const response = await signed(server, body, { deliveryId: 'invalid-1' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(await countLedgerRows(knex)).toEqual(before);
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
});
