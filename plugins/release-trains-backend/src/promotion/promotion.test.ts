import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory from 'knex';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  component,
  demoPipeline,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
const chen = mockCredentials.user.header('user:default/chen');

const built = (version: string, builtAt: string) => ({
  type: 'version.created',
  service: 'payments',
  version,
  commitSha: version.replace(/\./g, '').padEnd(40, '0'),
  builtAt,
});

type Server = TestBackend['server'];

async function seedVersions(server: Server) {
  await sendEvents(server, 'versions', [
    built('1.0.0', '2026-11-01T10:00:00.000Z'),
    built('1.1.0', '2026-11-02T10:00:00.000Z'),
  ]);
}

const promote = (server: Server, who: string, body: object) =>
  request(server)
    .post('/api/release-trains/promotions')
    .set('Authorization', who)
    .send({ service: 'payments', ...body });

const decide = (server: Server, who: string, id: string, decision: string) =>
  request(server)
    .post(`/api/release-trains/deployments/${id}/approvals`)
    .set('Authorization', who)
    .send({ decision });

const pipeline = async (server: Server) =>
  (
    await request(server)
      .get('/api/release-trains/pipeline')
      .query({ service: 'payments' })
  ).body;

/** Promotes a version through dev and staging, which need no approval. */
async function throughStaging(server: Server, version: string) {
  for (const stage of ['dev', 'staging']) {
    const response = await promote(server, ana, { version });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ stage, state: 'succeeded' });
  }
}

describe('promotion', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('promotes to prod with two approvals other than the requester’s, then rolls back and holds', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: demoPipeline(),
      });
      await seedVersions(server);
      await throughStaging(server, '1.0.0');

      const asked = await promote(server, ana, {
        version: '1.0.0',
        reason: 'First release',
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        stage: 'prod',
        kind: 'promote',
        state: 'awaiting-approval',
        approvals: [],
        approvalsRequired: 2,
        createdBy: 'user:default/ana',
      });
      const id = asked.body.id;

      const own = await decide(server, ana, id, 'approve');
      expect(own.status).toBe(403);
      expect(own.body.error.message).toBe(
        'You asked for this deployment; other people must approve it',
      );

      expect((await decide(server, ben, id, 'approve')).body).toMatchObject({
        state: 'awaiting-approval',
        approvals: [{ approver: 'user:default/ben', decision: 'approve' }],
      });
      // A retried click changes nothing.
      expect(
        (await decide(server, ben, id, 'approve')).body.approvals,
      ).toHaveLength(1);

      const approved = await decide(server, chen, id, 'approve');
      expect(approved.body).toMatchObject({
        state: 'succeeded',
        deployer: 'demo',
      });
      expect((await pipeline(server)).stages[2].current.version).toBe('1.0.0');

      await throughStaging(server, '1.1.0');
      const second = (await promote(server, ana, { version: '1.1.0' })).body;
      await decide(server, ben, second.id, 'approve');
      await decide(server, chen, second.id, 'approve');
      expect((await pipeline(server)).stages[2].current.version).toBe('1.1.0');

      const rollback = await request(server)
        .post('/api/release-trains/rollbacks')
        .set('Authorization', ben)
        .send({ service: 'payments', stage: 'prod', reason: 'Error rate up' });
      expect(rollback.status).toBe(201);
      expect(rollback.body).toMatchObject({
        kind: 'rollback',
        version: '1.0.0',
        state: 'succeeded',
      });
      const held = (await pipeline(server)).stages[2];
      expect(held.current.version).toBe('1.0.0');
      expect(held.hold).toMatchObject({
        by: 'user:default/ben',
        reason: 'Error rate up',
      });
      const replaced = await request(server)
        .get(`/api/release-trains/deployments/${second.id}`)
        .set('Authorization', ana);
      expect(replaced.body).toMatchObject({
        state: 'rolled-back',
        reason: 'Rolled back to 1.0.0: Error rate up',
      });

      // An explicit promotion of a newer version releases the hold.
      const again = await promote(server, ana, {
        version: '1.1.0',
        stage: 'prod',
      });
      expect(again.status).toBe(201);
      expect((await pipeline(server)).stages[2].hold).toBeUndefined();
    });

    it('refuses what the gates and the order forbid, and a rejection cancels', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: demoPipeline(),
      });
      await seedVersions(server);

      const skipping = await promote(server, ana, {
        version: '1.0.0',
        stage: 'prod',
      });
      expect(skipping.status).toBe(409);
      expect(skipping.body.error.message).toMatch(
        /1.0.0 has not succeeded in staging yet/,
      );

      await throughStaging(server, '1.1.0');
      const older = await promote(server, ana, {
        version: '1.0.0',
        stage: 'dev',
      });
      expect(older.status).toBe(409);
      expect(older.body.error.message).toMatch(
        /1.0.0 is older than 1.1.0, which dev runs; roll back instead/,
      );

      const unknown = await promote(server, ana, { version: '9.9.9' });
      expect(unknown.status).toBe(404);

      const asked = (await promote(server, ana, { version: '1.1.0' })).body;
      const rejected = await decide(server, ben, asked.id, 'reject');
      expect(rejected.body).toMatchObject({
        state: 'cancelled',
        reason: 'Rejected by user:default/ben',
      });
      const late = await decide(server, chen, asked.id, 'approve');
      expect(late.status).toBe(409);
    });

    it('answers 409 naming the deployment already in flight', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: demoPipeline({ durationSeconds: 3600 }),
      });
      await seedVersions(server);
      const first = await promote(server, ana, { version: '1.0.0' });
      expect(first.body).toMatchObject({ stage: 'dev', state: 'in-progress' });

      const second = await promote(server, ben, { version: '1.1.0' });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain(first.body.id);
    });
  });

  it.each(databases.eachSupportedId())(
    'says what every configured gate thinks, and refuses while one blocks (%p)',
    async databaseId => {
      const now = new Date();
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: {
          pipelines: {
            default: {
              deployer: 'demo',
              stages: [
                { name: 'dev' },
                { name: 'staging', gates: { soakMinutes: 60 } },
                {
                  name: 'prod',
                  gates: {
                    approvals: 0,
                    freezes: [
                      {
                        start: new Date(
                          now.getTime() - 3_600_000,
                        ).toISOString(),
                        end: new Date(now.getTime() + 3_600_000).toISOString(),
                        reason: 'Release party',
                      },
                    ],
                  },
                },
              ],
            },
          },
          deployers: { demo: { durationSeconds: 0 } },
        },
        entities: [
          component('payments', {
            'release-trains/pipeline': 'default',
            'release-trains/requires': 'cart: ">=2.0.0"',
          }),
          component('cart'),
        ],
      });
      await seedVersions(server);
      await sendEvents(server, 'cart', [
        {
          type: 'deployment.succeeded',
          service: 'cart',
          stage: 'dev',
          version: '1.9.0',
          externalId: 'cart-dev',
          occurredAt: new Date().toISOString(),
        },
      ]);
      const check = async (stage: string) =>
        (
          await request(server)
            .get('/api/release-trains/promotions/check')
            .query({ service: 'payments', version: '1.0.0', stage })
        ).body;
      const blocking = (result: { gates: any[] }) =>
        result.gates.filter(g => !g.passed).map(g => `${g.gate}: ${g.reason}`);

      // dev: cart runs 1.9.0 there, payments needs >=2.0.0.
      const inDev = await check('dev');
      expect(blocking(inDev)).toEqual([
        'dependencies: component:default/cart >=2.0.0 required, dev runs 1.9.0',
      ]);
      // Named, so that the UI can point at the failing edge of the graph.
      expect(
        inDev.gates.find((g: { gate: string }) => g.gate === 'dependencies'),
      ).toMatchObject({ unmetRequirements: ['component:default/cart'] });
      const refused = await promote(server, ana, { version: '1.0.0' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        'Cannot promote 1.0.0 into dev: component:default/cart >=2.0.0 required, dev runs 1.9.0',
      );

      await sendEvents(server, 'cart-2', [
        {
          type: 'deployment.succeeded',
          service: 'cart',
          stage: 'dev',
          version: '2.1.0',
          externalId: 'cart-dev-2',
          occurredAt: new Date().toISOString(),
        },
      ]);
      expect((await promote(server, ana, { version: '1.0.0' })).status).toBe(
        201,
      );
      // staging: 1.0.0 has not soaked an hour in dev; cart runs nothing there.
      expect(blocking(await check('staging'))).toEqual([
        expect.stringMatching(
          /^soak: Has run 0 min in dev; 60 required \(60 to go\)$/,
        ),
        'dependencies: component:default/cart >=2.0.0 required, staging runs none',
      ]);
      // prod: frozen, and 1.0.0 has not passed staging.
      expect(blocking(await check('prod'))).toEqual([
        'order: 1.0.0 has not succeeded in staging yet',
        expect.stringMatching(/^freeze: prod is frozen: Release party/),
        'dependencies: component:default/cart >=2.0.0 required, prod runs none',
      ]);
    },
  );

  it('refuses (403) a promotion the policy denies, and records nothing', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
      { releaseTrains: demoPipeline(), permission: AuthorizeResult.DENY },
    );
    await seedVersions(server);
    const before = await ledgerSnapshot(knex);
    const denied = await promote(server, ana, { version: '1.0.0' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Not allowed to promote component:default/payments',
    );
    const rollback = await request(server)
      .post('/api/release-trains/rollbacks')
      .set('Authorization', ana)
      .send({ service: 'payments', stage: 'dev', reason: 'x' });
    expect(rollback.status).toBe(403);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });

  // PostgreSQL is required in CI (see testDatabases.ts); `onPostgres` is
  // `it` there, which the lint rule cannot see.
  const onPostgres = databases.supports('POSTGRES_17') ? it : it.skip;
  /* eslint-disable jest/no-standalone-expect */

  onPostgres(
    'lets exactly one of 50 simultaneous promotions through two replicas on one PostgreSQL',
    async () => {
      const first = await startTestLedgerBackend(databases, 'POSTGRES_17', {
        releaseTrains: demoPipeline({ durationSeconds: 3600 }),
      });
      const secondKnex = knexFactory(first.knex.client.config);
      const second = await startTestLedgerBackend(databases, 'POSTGRES_17', {
        releaseTrains: demoPipeline({ durationSeconds: 3600 }),
        knex: secondKnex,
      });
      await seedVersions(first.server);

      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          promote(i % 2 ? second.server : first.server, ana, {
            version: '1.0.0',
          }),
        ),
      );
      const created = responses.filter(r => r.status === 201);
      const conflicts = responses.filter(r => r.status === 409);
      expect(created).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      for (const conflict of conflicts) {
        expect(conflict.body.error.message).toContain(created[0].body.id);
      }
      const rows = await first.knex('deployments').where({
        service_ref: 'component:default/payments',
        stage: 'dev',
      });
      expect(rows.map(r => r.id)).toEqual([created[0].body.id]);
      const stage = await first
        .knex('stage_state')
        .where({ service_ref: 'component:default/payments', stage: 'dev' })
        .first();
      expect(stage.in_flight_deployment_id).toBe(created[0].body.id);
      await secondKnex.destroy();
    },
  );
  /* eslint-enable jest/no-standalone-expect */
});
