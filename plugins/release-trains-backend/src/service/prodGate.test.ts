import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  demoPipeline,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

/**
 * Every way around the prod gate found by trying the demo as a new user
 * would; each of these passed before the gate was closed.
 */

const API = '/api/release-trains';
const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
const chen = mockCredentials.user.header('user:default/chen');
const dana = mockCredentials.user.header('user:default/dana');
/** The guest sign-in: no catalog User, no group. */
const guest = mockCredentials.user.header('user:development/guest');
/** A CI system's or a script's token. */
const serviceToken = mockCredentials.service.header();

/** dev → staging → prod (two approvals of `cab`, and `soakMinutes`). */
const releaseTrainsWith = (soakMinutes: number) => ({
  ...demoPipeline({
    prod: { title: 'Prod', gates: { approverGroup: 'cab', soakMinutes } },
  }),
  trains: {
    express: { schedule: { cron: '0 10 * * 1-5', timeZone: 'UTC' } },
  },
});

type Server = TestBackend['server'];

const built = (version: string, day: number) => ({
  type: 'version.created',
  service: 'payments',
  version,
  commitSha: version.replace(/\./g, '').padEnd(40, '0'),
  builtAt: new Date(Date.UTC(2026, 10, day, 10)).toISOString(),
});

/** A CI deployment report of payments, finished `hoursAgo` by CI's clock. */
const reported = (stage: string, version: string, hoursAgo = 0) => ({
  type: 'deployment.succeeded',
  service: 'payments',
  stage,
  version,
  externalId: `ci-${stage}-${version}-${hoursAgo}`,
  occurredAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
});

async function start(
  databases: ReturnType<typeof createLedgerTestDatabases>,
  databaseId: TestDatabaseId,
  soakMinutes = 0,
) {
  const auditEvents: AuditorServiceCreateEventOptions[] = [];
  const sent: Parameters<NotificationService['send']>[0][] = [];
  const backend = await startTestLedgerBackend(databases, databaseId, {
    releaseTrains: releaseTrainsWith(soakMinutes),
    auditEvents,
    notifications: { send: async n => void sent.push(n) },
  });
  return { ...backend, auditEvents, sent };
}

/** Sends CI events with the test's token, answering whatever the API says. */
const sendEventsRaw = (server: Server, deliveryId: string, events: object[]) =>
  request(server)
    .post(`${API}/events`)
    .set('Authorization', serviceToken)
    .set('X-Release-Trains-Delivery', deliveryId)
    .send({ events });

const post = (server: Server, path: string, who: string, body: object) =>
  request(server).post(`${API}${path}`).set('Authorization', who).send(body);

const prodOf = async (server: Server) =>
  (await request(server).get(`${API}/pipeline`).query({ service: 'payments' }))
    .body.stages[2];

/** Ana, who owns payments, asks for `version` in prod. */
const askForProd = (server: Server, version: string) =>
  post(server, '/promotions', ana, {
    service: 'payments',
    version,
    stage: 'prod',
  });

/** Promotes `version` to prod: asked by ana, approved by ben and chen of cab. */
async function throughTheGate(server: Server, version: string) {
  const asked = await askForProd(server, version);
  expect(asked.status).toBe(201);
  for (const approver of [ben, chen]) {
    await post(server, `/deployments/${asked.body.id}/approvals`, approver, {
      decision: 'approve',
    }).expect(200);
  }
  expect((await prodOf(server)).current.version).toBe(version);
  return asked.body.id as string;
}

describe('the prod gate', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: Server;
    let knex: Knex;
    let auditEvents: AuditorServiceCreateEventOptions[];
    let sent: Parameters<NotificationService['send']>[0][];

    beforeEach(async () => {
      ({ server, knex, auditEvents, sent } = await start(
        databases,
        databaseId,
      ));
      // Built 0.9.0 … 1.2.0, and each reported in dev and staging.
      await sendEvents(server, 'builds', [
        built('0.9.0', 1),
        built('1.0.0', 2),
        built('1.1.0', 3),
        built('1.2.0', 4),
        ...['0.9.0', '1.0.0', '1.1.0', '1.2.0'].flatMap(v => [
          reported('dev', v, 49),
          reported('staging', v, 48),
        ]),
      ]);
    });

    it('refuses to record by hand a version nobody built (404), and changes nothing', async () => {
      const before = await ledgerSnapshot(knex);
      const response = await post(server, '/deployments', guest, {
        service: 'payments',
        stage: 'prod',
        version: '99.0.1',
      });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'component:default/payments has no version 99.0.1; CI reports versions when it builds them',
      );
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });

    it('records a hand-made deployment into prod as ungated, badges it, audits it and tells owner and approvers', async () => {
      const response = await post(server, '/deployments', guest, {
        service: 'payments',
        stage: 'prod',
        version: '1.0.0',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ version: '1.0.0', ungated: true });
      const prod = await prodOf(server);
      expect(prod.current).toMatchObject({ version: '1.0.0', ungated: true });
      expect(prod.compliance).toEqual({ deployments: 1, gated: 0 });
      expect(auditEvents).toContainEqual(
        expect.objectContaining({
          eventId: 'deployment-ungated',
          severityLevel: 'high',
          meta: expect.objectContaining({
            how: 'recorded by hand',
            version: '1.0.0',
            by: 'user:development/guest',
          }),
        }),
      );
      expect(sent).toContainEqual(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: ['group:default/team-a', 'group:default/cab'],
          },
          payload: expect.objectContaining({
            topic: 'release-trains:ungated',
          }),
        }),
      );
      // Through the gate, the compliance figure counts it as gated.
      await throughTheGate(server, '1.1.0');
      expect((await prodOf(server)).compliance).toEqual({
        deployments: 2,
        gated: 1,
      });
    });

    it('marks a CI deployment into prod as ungated, unless it reports the version the gate let in', async () => {
      await throughTheGate(server, '1.1.0');
      await sendEvents(server, 'ci-prod', [reported('prod', '1.1.0')]);
      expect((await prodOf(server)).current).not.toHaveProperty('ungated');
      await sendEvents(server, 'ci-prod-2', [reported('prod', '1.2.0')]);
      expect((await prodOf(server)).current).toMatchObject({
        version: '1.2.0',
        ungated: true,
      });
      expect(auditEvents).toContainEqual(
        expect.objectContaining({
          eventId: 'deployment-ungated',
          meta: expect.objectContaining({
            how: 'reported by CI source ci-token',
          }),
        }),
      );
    });

    it('refuses re-registering a service on another train or pipeline (409), and a repeat changes nothing', async () => {
      const before = await ledgerSnapshot(knex);
      const moved = await post(server, '/services', ana, {
        service: 'payments',
        pipeline: 'default',
        train: 'express',
      });
      expect(moved.status).toBe(409);
      expect(moved.body.error.message).toBe(
        "component:default/payments is already on pipeline 'default'; to move it, change the release-trains annotations of its catalog entity",
      );
      const repeat = await post(server, '/services', ana, {
        service: 'payments',
        pipeline: 'default',
      });
      expect(repeat.status).toBe(200);
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });

    it('never counts a guest, someone outside the approver group, or the requester as an approver', async () => {
      const asked = await askForProd(server, '1.0.0');
      const url = `/deployments/${asked.body.id}/approvals`;
      const before = await ledgerSnapshot(knex);
      for (const [who, reason] of [
        [
          guest,
          'Only people of the catalog may approve; user:development/guest is not a catalog user',
        ],
        [
          dana,
          'Only members of group:default/cab may approve deployments into Prod',
        ],
        [ana, 'You asked for this deployment; other people must approve it'],
      ]) {
        const refused = await post(server, url, who, { decision: 'approve' });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toBe(reason);
      }
      const tokenApproval = await post(server, url, serviceToken, {
        decision: 'approve',
      });
      expect(tokenApproval.status).toBe(403);
      expect(await ledgerSnapshot(knex)).toEqual(before);

      // Each says so before anyone clicks.
      const details = await request(server)
        .get(`${API}/deployments/${asked.body.id}`)
        .set('Authorization', dana);
      expect(details.body).toMatchObject({
        approverGroup: 'group:default/cab',
        eligibility: {
          allowed: false,
          reason:
            'Only members of group:default/cab may approve deployments into Prod',
        },
      });
      await post(server, url, ben, { decision: 'approve' }).expect(200);
      expect(
        (await post(server, url, chen, { decision: 'approve' })).body.state,
      ).toBe('succeeded');
    });

    it('refuses (403) a promotion into a stage with approvals asked with a service token, whose holder could approve it', async () => {
      const before = await ledgerSnapshot(knex);
      const refused = await post(server, '/promotions', serviceToken, {
        service: 'payments',
        version: '1.0.0',
        stage: 'prod',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        "Prod needs approvals, so a person must ask for it: external:test-service is a service token's subject",
      );
      expect(await ledgerSnapshot(knex)).toEqual(before);
      // On a person's behalf (as the scaffolder calls), the person asks.
      const onBehalf = await post(
        server,
        '/promotions',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.user('user:default/ana'),
          targetPluginId: 'release-trains',
        }),
        { service: 'payments', version: '1.0.0', stage: 'prod' },
      );
      expect(onBehalf.status).toBe(201);
      expect(onBehalf.body.createdBy).toBe('user:default/ana');
    });

    it('rolls back only to an older version that passed the gate and was not rolled back', async () => {
      await sendEvents(server, 'ci-old', [reported('prod', '0.9.0')]);
      await throughTheGate(server, '1.0.0');
      const second = await throughTheGate(server, '1.1.0');
      const rollback = (version?: string) =>
        post(server, '/rollbacks', ana, {
          service: 'payments',
          stage: 'prod',
          reason: 'Errors',
          ...(version && { version }),
        });
      expect((await rollback()).body).toMatchObject({
        version: '1.0.0',
        state: 'succeeded',
      });
      const before = await ledgerSnapshot(knex);
      for (const [version, reason] of [
        [
          '1.1.0',
          '1.1.0 is not older than 1.0.0, which prod runs: a rollback only goes back; promote it instead',
        ],
        [
          '1.2.0',
          '1.2.0 never succeeded in prod, so it cannot be rolled back to',
        ],
        [
          '0.9.0',
          '0.9.0 ran in prod without passing its gate (ungated), so it cannot be rolled back to',
        ],
      ]) {
        const refused = await rollback(version);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toBe(reason);
      }
      // Nothing older passed the gate: the default has nowhere to go either.
      const nowhere = await rollback();
      expect(nowhere.status).toBe(409);
      expect(await ledgerSnapshot(knex)).toEqual(before);
      const replaced = await request(server)
        .get(`${API}/deployments/${second}`)
        .set('Authorization', ana);
      expect(replaced.body.state).toBe('rolled-back');
    });

    it('counts soak from when the ledger learned a version runs, not from a time CI claims', async () => {
      ({ server } = await start(databases, databaseId, 60));
      // Reported now, claiming to have reached staging two days ago.
      await sendEvents(server, 'backdated', [
        built('1.3.0', 5),
        reported('dev', '1.3.0', 49),
        reported('staging', '1.3.0', 48),
      ]);
      const check = await request(server)
        .get(`${API}/promotions/check`)
        .set('Authorization', ana)
        .query({ service: 'payments', version: '1.3.0', stage: 'prod' });
      expect(check.body.gates).toContainEqual({
        gate: 'soak',
        passed: false,
        reason: 'Has run 0 min in staging; 60 required (60 to go)',
      });
      // Who must approve, before anyone asks.
      expect(check.body.approverGroup).toBe('group:default/cab');
      const intoStaging = await request(server)
        .get(`${API}/promotions/check`)
        .set('Authorization', ana)
        .query({ service: 'payments', version: '1.3.0', stage: 'staging' });
      expect(intoStaging.body).not.toHaveProperty('approverGroup');
    });

    it.each([
      ['POST', '/deployments'],
      ['POST', '/promotions'],
      ['POST', '/rollbacks'],
      ['POST', '/services'],
      ['PUT', '/requirements'],
      ['POST', '/deployments/x/approvals'],
      ['POST', '/events'],
    ])(
      '%s %s answers a body nested 100,000 deep with 400 and one over 5 MB with 413, changing nothing',
      async (method, path) => {
        const before = await ledgerSnapshot(knex);
        const call = (body: string) =>
          request(server)
            [method === 'PUT' ? 'put' : 'post'](`${API}${path}`)
            .set('Authorization', path === '/events' ? serviceToken : ana)
            .set('X-Release-Trains-Delivery', 'deep-1')
            .set('Content-Type', 'application/json')
            .send(body);
        const deep = await call(
          `${'{"a":['.repeat(50_000)}${']}'.repeat(50_000)}`,
        );
        expect(deep.status).toBe(400);
        expect(deep.body.error.message).toBe(
          'Request body nests objects and arrays more than 32 levels deep',
        );
        const large = await call(
          JSON.stringify({
            service: 'payments',
            reason: 'x'.repeat(6_000_000),
          }),
        );
        expect(large.status).toBe(413);
        expect(large.body.error.message).toBe(
          'Request body is larger than 5 MB',
        );
        expect(await ledgerSnapshot(knex)).toEqual(before);
      },
    );

    it('flags a hand-made return to a version that passed the gate once but was replaced since', async () => {
      await throughTheGate(server, '1.0.0');
      await throughTheGate(server, '1.1.0');
      const back = await post(server, '/deployments', ana, {
        service: 'payments',
        stage: 'prod',
        version: '1.0.0',
      });
      expect(back.body).toMatchObject({ version: '1.0.0', ungated: true });
    });

    it('flags a hand-made deployment of a version still awaiting its approvals', async () => {
      await askForProd(server, '1.0.0').expect(201);
      const early = await post(server, '/deployments', dana, {
        service: 'payments',
        stage: 'prod',
        version: '1.0.0',
      });
      expect(early.body).toMatchObject({ version: '1.0.0', ungated: true });
    });

    it('does not roll back to a version whose latest run in the stage was rolled back', async () => {
      await throughTheGate(server, '1.0.0');
      await throughTheGate(server, '1.1.0');
      await throughTheGate(server, '1.2.0');
      const rollback = (version?: string) =>
        post(server, '/rollbacks', ana, {
          service: 'payments',
          stage: 'prod',
          reason: 'Errors',
          ...(version && { version }),
        });
      expect((await rollback()).body.version).toBe('1.1.0');
      expect((await rollback()).body.version).toBe('1.0.0');
      await throughTheGate(server, '1.2.0');
      // 1.1.0 passed the gate once, but its latest run was rolled back.
      const refused = await rollback('1.1.0');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        '1.1.0 was rolled back in prod; promote it through the gate instead',
      );
    });

    it('checks the gates again when the last approval would start the deployment', async () => {
      const asked = await askForProd(server, '1.0.0');
      const url = `/deployments/${asked.body.id}/approvals`;
      await post(server, url, ben, { decision: 'approve' }).expect(200);
      // Meanwhile the requirements changed: cart must run ^9 in prod.
      await request(server)
        .put(`${API}/requirements`)
        .set('Authorization', ana)
        .send({ service: 'payments', dependency: 'cart', range: '^9' })
        .expect(200);
      const before = await ledgerSnapshot(knex);
      const last = await post(server, url, chen, { decision: 'approve' });
      expect(last.status).toBe(409);
      expect(last.body.error.message).toBe(
        'Cannot start 1.0.0 into prod now: component:default/cart ^9 required, prod runs none',
      );
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });

    it('lets two approvals at once start nothing while a gate fails: the one that completes the count is refused', async () => {
      const asked = await askForProd(server, '1.0.0');
      await request(server)
        .put(`${API}/requirements`)
        .set('Authorization', ana)
        .send({ service: 'payments', dependency: 'cart', range: '^9' })
        .expect(200);
      const url = `/deployments/${asked.body.id}/approvals`;
      const answers = await Promise.all(
        [ben, chen].map(who => post(server, url, who, { decision: 'approve' })),
      );
      expect(answers.map(a => a.status).sort()).toEqual([200, 409]);
      const after = await request(server)
        .get(`${API}/deployments/${asked.body.id}`)
        .set('Authorization', ana);
      expect(after.body).toMatchObject({ state: 'awaiting-approval' });
      expect(after.body.approvals).toHaveLength(1);
    });

    it('refuses service tokens a rollback of a stage with approvals, and deployments outside their source', async () => {
      await throughTheGate(server, '1.0.0');
      await throughTheGate(server, '1.1.0');
      const before = await ledgerSnapshot(knex);
      const rollback = await post(server, '/rollbacks', serviceToken, {
        service: 'payments',
        stage: 'prod',
        reason: 'Errors',
      });
      expect(rollback.status).toBe(403);
      expect(rollback.body.error.message).toBe(
        "Prod needs approvals, so a person must roll it back: external:test-service is a service token's subject",
      );
      expect(await ledgerSnapshot(knex)).toEqual(before);

      const scoped = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: {
          ...releaseTrainsWith(0),
          ingestion: {
            sources: {
              'cart-ci': {
                subject: mockCredentials.service().principal.subject,
                services: ['cart'],
              },
            },
          },
        },
      });
      const recorded = await post(scoped.server, '/deployments', serviceToken, {
        service: 'payments',
        stage: 'dev',
        version: '1.0.0',
      });
      expect(recorded.status).toBe(403);
      expect(recorded.body.error.message).toMatch(
        /Source 'cart-ci' may not report for component:default\/payments/,
      );
    });

    it('counts an approval racing a rejection one after the other: one wins, the other is refused', async () => {
      for (let round = 0; round < 4; round++) {
        const { server: racing } = await startTestLedgerBackend(
          databases,
          databaseId,
          { releaseTrains: demoPipeline() },
        );
        await sendEvents(racing, 'builds', [
          built('1.0.0', 2),
          reported('dev', '1.0.0', 2),
          reported('staging', '1.0.0', 1),
        ]);
        const asked = await post(racing, '/promotions', ana, {
          service: 'payments',
          version: '1.0.0',
          stage: 'prod',
        });
        const url = `/deployments/${asked.body.id}/approvals`;
        await post(racing, url, ben, { decision: 'approve' }).expect(200);
        const [approve, reject] = await Promise.all([
          post(racing, url, chen, { decision: 'approve' }),
          post(racing, url, dana, { decision: 'reject' }),
        ]);
        const statuses = [approve.status, reject.status].sort();
        expect(statuses).toEqual([200, 409]);
        const final = await request(racing)
          .get(`${API}/deployments/${asked.body.id}`)
          .set('Authorization', ana);
        expect(final.body.state).toBe(
          approve.status === 200 ? 'succeeded' : 'cancelled',
        );
        expect(final.body.approvals).toHaveLength(2);
      }
    });

    it('answers odd input with 4xx, never 500: other charsets, leap seconds, huge numbers, forged cursors, NUL in the path', async () => {
      const deep = Buffer.from(
        `${'{"a":['.repeat(50_000)}${']}'.repeat(50_000)}`,
        'utf16le',
      );
      const utf16 = await request(server)
        .post(`${API}/promotions`)
        .set('Authorization', ana)
        .set('Content-Type', 'application/json; charset=utf-16le')
        .send(deep);
      expect(utf16.status).toBe(415);
      expect(utf16.body.error.message).toBe(
        'Request body must be UTF-8, not utf-16le',
      );
      const leap = await sendEventsRaw(server, 'leap', [
        { ...reported('dev', '1.0.0'), occurredAt: '2026-12-31T23:59:60Z' },
      ]);
      expect(leap.status).toBe(400);
      expect(leap.body.error.message).toBe(
        "occurredAt: '2026-12-31T23:59:60Z' is not a valid time",
      );
      const forged = Buffer.from(
        JSON.stringify({ createdAt: '-200000-01-01T00:00:00Z', id: 'a' }),
      ).toString('base64url');
      for (const [path, query] of [
        ['/changes', { pr: 3_000_000_000 }],
        ['/deployments', { service: 'payments', from: '2026-12-31T23:59:60Z' }],
        ['/deployments', { service: 'payments', cursor: forged }],
        ['/trains/runs', { before: '2026-12-31T23:59:60Z' }],
        ['/deployments/%00', {}],
        ['/trains/runs/%00', {}],
      ] as const) {
        const response = await request(server)
          .get(`${API}${path}`)
          .set('Authorization', ana)
          .query(query);
        expect({ path, status: response.status }).toEqual({
          path,
          status: 400,
        });
      }
    });
  });
});
