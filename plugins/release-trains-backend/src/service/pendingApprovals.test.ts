import {
  mockCredentials,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  demoPipeline,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const API = '/api/release-trains';
const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
const chen = mockCredentials.user.header('user:default/chen');
const dana = mockCredentials.user.header('user:default/dana');

type Server = TestBackend['server'];

const built = (version: string, day: number) => ({
  type: 'version.created',
  service: 'payments',
  version,
  commitSha: version.replace(/\./g, '').padEnd(40, '0'),
  builtAt: new Date(Date.UTC(2026, 10, day, 10)).toISOString(),
});

const reported = (stage: string, version: string) => ({
  type: 'deployment.succeeded',
  service: 'payments',
  stage,
  version,
  externalId: `ci-${stage}-${version}`,
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
});

const post = (server: Server, path: string, who: string, body?: object) =>
  request(server).post(`${API}${path}`).set('Authorization', who).send(body);

const cancel = (server: Server, who: string, id: string) =>
  post(server, `/deployments/${id}/cancel`, who);

const deployment = async (server: Server, id: string) =>
  (await request(server).get(`${API}/deployments/${id}`)).body;

const askForProd = async (server: Server, who: string, version: string) => {
  const asked = await post(server, '/promotions', who, {
    service: 'payments',
    version,
    stage: 'prod',
  });
  expect(asked.body).toMatchObject({ state: 'awaiting-approval' });
  return asked.body.id as string;
};

/**
 * payments built 1.0.0 … 1.2.0, each reported in dev and staging; prod needs
 * two approvals. The policy lets only `promoters` promote (the owners, as
 * the owner-aware policy would), and everyone do everything else.
 */
async function start(
  databases: ReturnType<typeof createLedgerTestDatabases>,
  databaseId: TestDatabaseId,
  promoters: Set<string>,
) {
  const { server } = await startTestLedgerBackend(databases, databaseId, {
    releaseTrains: demoPipeline(),
    policy: ({ permission }, credentials) =>
      permission.name !== 'release-trains.promote' ||
      promoters.has(
        (credentials.principal as { userEntityRef: string }).userEntityRef,
      )
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  await sendEvents(server, 'builds', [
    built('1.0.0', 1),
    built('1.1.0', 2),
    built('1.2.0', 3),
    ...['1.0.0', '1.1.0', '1.2.0'].flatMap(v => [
      reported('dev', v),
      reported('staging', v),
    ]),
  ]);
  return server;
}

describe('requests awaiting approval', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('are cancelled by their requester or an owner, by nobody else, and a retry changes nothing', async () => {
      // Ana owns payments; Ben may promote it too, until he leaves the team.
      const promoters = new Set(['user:default/ana', 'user:default/ben']);
      const server = await start(databases, databaseId, promoters);

      const bens = await askForProd(server, ben, '1.0.0');
      promoters.delete('user:default/ben');
      const byOther = await cancel(server, dana, bens);
      expect(byOther.status).toBe(403);
      expect(byOther.body.error.message).toBe(
        `Only the requester or someone allowed to promote component:default/payments may cancel deployment ${bens}`,
      );
      const byRequester = await cancel(server, ben, bens);
      expect(byRequester.status).toBe(200);
      expect(byRequester.body).toMatchObject({
        state: 'cancelled',
        reason: 'Cancelled by user:default/ben',
      });
      const retried = await cancel(server, ben, bens);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(byRequester.body);
      expect((await cancel(server, dana, bens)).status).toBe(403);

      // The stage is free again: the next request is taken, and its owner
      // may withdraw it.
      promoters.add('user:default/ben');
      const next = await askForProd(server, ben, '1.0.0');
      promoters.delete('user:default/ben');
      const byOwner = await cancel(server, ana, next);
      expect(byOwner.status).toBe(200);
      expect(byOwner.body).toMatchObject({
        state: 'cancelled',
        reason: 'Cancelled by user:default/ana',
      });

      // Once it has moved on, it is not withdrawn.
      const approved = await askForProd(server, ana, '1.0.0');
      for (const approver of [ben, chen]) {
        await post(server, `/deployments/${approved}/approvals`, approver, {
          decision: 'approve',
        }).expect(200);
      }
      const late = await cancel(server, ana, approved);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe(
        `Deployment ${approved} is succeeded, not awaiting approval`,
      );
    });

    it('are pre-empted by a rollback, which proceeds', async () => {
      const server = await start(
        databases,
        databaseId,
        new Set(['user:default/ana']),
      );
      for (const version of ['1.0.0', '1.1.0']) {
        const id = await askForProd(server, ana, version);
        for (const approver of [ben, chen]) {
          await post(server, `/deployments/${id}/approvals`, approver, {
            decision: 'approve',
          }).expect(200);
        }
      }
      const pending = await askForProd(server, ana, '1.2.0');

      const rollback = await post(server, '/rollbacks', ana, {
        service: 'payments',
        stage: 'prod',
        reason: 'Errors in 1.1.0',
      });
      expect(rollback.status).toBe(201);
      expect(rollback.body).toMatchObject({
        version: '1.0.0',
        state: 'succeeded',
      });
      expect(await deployment(server, pending)).toMatchObject({
        state: 'cancelled',
        reason: `Pre-empted by rollback ${rollback.body.id}`,
      });
      const prod = (
        await request(server)
          .get(`${API}/pipeline`)
          .query({ service: 'payments' })
      ).body.stages[2];
      expect(prod.current.version).toBe('1.0.0');
      expect(prod.inFlight).toBeUndefined();
    });
  });
});
