import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  component,
  demoPipeline,
  INGESTION_SECRET,
  sendEvents,
  signedEvents,
  startTestLedgerBackend,
  TestPolicy,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { TrainStore } from '../ledger/TrainStore';
import { spec } from '../schema/openapi';

jest.setTimeout(180_000);

const API = '/api/release-trains';
const PAYMENTS = 'component:default/payments';
const SECRET = 'component:default/secret';

const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
/** May not read `secret` in the catalog; may do anything else. */
const chen = mockCredentials.user.header('user:default/chen');
/** May not read `secret`, and the policy allows no Release Trains action. */
const dana = mockCredentials.user.header('user:default/dana');

const policy: TestPolicy = ({ permission, resourceRef }, credentials) => {
  const who =
    credentials.principal && 'userEntityRef' in (credentials.principal as any)
      ? (credentials.principal as { userEntityRef: string }).userEntityRef
      : undefined;
  if (
    permission.name === 'catalog.entity.read' &&
    resourceRef === SECRET &&
    (who === 'user:default/chen' || who === 'user:default/dana')
  ) {
    return AuthorizeResult.DENY;
  }
  if (
    permission.name.startsWith('release-trains.') &&
    who === 'user:default/dana'
  ) {
    return AuthorizeResult.DENY;
  }
  return AuthorizeResult.ALLOW;
};

const onPipeline = (extra: Record<string, string> = {}) => ({
  'release-trains/pipeline': 'default',
  ...extra,
});

const entities = [
  component(
    'payments',
    onPipeline({ 'release-trains/requires': 'secret: ^1' }),
  ),
  component(
    'secret',
    onPipeline({ 'release-trains/requires': 'payments: ^1' }),
  ),
];

const releaseTrains = {
  // The two services require each other; neither runs in prod yet.
  ...demoPipeline({ prod: { gates: { dependencies: false } } }),
  trains: {
    express: {
      schedule: { cron: '0 10 * * 1-5', timeZone: 'UTC' },
      services: [PAYMENTS, SECRET],
    },
  },
  ingestion: {
    sources: {
      'payments-ci': { secret: INGESTION_SECRET, services: ['payments'] },
      'all-ci': {
        subject: mockCredentials.service().principal.subject,
        allServices: true,
      },
    },
  },
};

type Server = TestBackend['server'];

/** Builds, deploys to dev and staging, and asks for prod, for one service. */
async function seedService(server: Server, name: string, digit: string) {
  await sendEvents(
    server,
    `seed-${name}`,
    ['1.0.0', '1.1.0', '1.2.0'].flatMap((version, i) => [
      {
        type: 'version.created',
        service: name,
        version,
        commitSha: `${digit}${i}`.padEnd(40, '0'),
        builtAt: `2026-11-0${i + 1}T10:00:00.000Z`,
        changes: [
          {
            commitSha: `${digit}${i}`.padEnd(40, 'a'),
            title: `Change ${i} of ${name}`,
            author: 'ana.lima',
            issueKeys: ['SHOP-1'],
          },
        ],
      },
      ...['dev', ...(i < 2 ? ['staging'] : [])].map(stage => ({
        type: 'deployment.succeeded',
        service: name,
        stage,
        version,
        externalId: `${name}-${stage}-${version}`,
        occurredAt: `2026-11-0${i + 1}T12:00:00.000Z`,
      })),
    ]),
  );
  const asked = await request(server)
    .post(`${API}/promotions`)
    .set('Authorization', ana)
    .send({ service: name, version: '1.1.0', stage: 'prod' })
    .expect(201);
  return asked.body.id as string;
}

/** What the operations run against, filled in once the backend is up. */
type Context = {
  server: Server;
  knex: Knex;
  pending: { payments: string; secret: string };
  runId: string;
};

/** Each operation: what a permitted caller gets, and what a denied one does not. */
function operationsOf(
  context: Context,
): Record<
  string,
  { allowed: () => Promise<void>; denied: () => Promise<void> }
> {
  const { server, knex, pending, runId } = context;
  const get = (path: string, who: string, query: object = {}) =>
    request(server).get(`${API}${path}`).set('Authorization', who).query(query);
  const send = (
    method: 'post' | 'put' | 'delete',
    path: string,
    who: string,
    body?: object,
  ) =>
    request(server)
      [method](`${API}${path}`)
      .set('Authorization', who)
      .send(body);

  /** Answers `status`, and leaves every row of every ledger table as it was. */
  async function changesNothing(
    call: () => request.Test,
    status: number,
  ): Promise<request.Response> {
    const before = await ledgerSnapshot(knex);
    const response = await call();
    expect(response.status).toBe(status);
    expect(await ledgerSnapshot(knex)).toEqual(before);
    return response;
  }

  return {
    GetPipeline: {
      allowed: async () => {
        expect(
          (await get('/pipeline', chen, { service: 'payments' })).status,
        ).toBe(200);
        expect(
          (await get('/pipeline', ana, { service: 'secret' })).status,
        ).toBe(200);
      },
      denied: async () => {
        const response = await get('/pipeline', chen, { service: 'secret' });
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          `No service ${SECRET} in the catalog`,
        );
      },
    },
    ListDeployments: {
      allowed: async () => {
        const response = await get('/deployments', chen, {
          service: 'payments',
        });
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeGreaterThan(0);
        const everyone = await get('/deployments', ana, { limit: 200 });
        expect(everyone.body.items.map((d: any) => d.service)).toContain(
          SECRET,
        );
      },
      denied: async () => {
        for (const query of [
          { service: 'secret' },
          { service: 'secret', lastStage: true },
        ]) {
          expect((await get('/deployments', chen, query)).status).toBe(404);
        }
        // Across the organisation, page by page: never a secret deployment.
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await get('/deployments', chen, { limit: 2, cursor });
          expect(page.status).toBe(200);
          seen.push(...page.body.items.map((d: any) => d.service));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(new Set(seen)).toEqual(new Set([PAYMENTS]));
      },
    },
    GetDeployment: {
      allowed: async () => {
        const response = await get(`/deployments/${pending.payments}`, chen);
        expect(response.status).toBe(200);
        expect(response.body.eligibility).toEqual({
          allowed: true,
          reason: 'The permission policy allows you to approve',
        });
        const forDana = await get(`/deployments/${pending.payments}`, dana);
        expect(forDana.body.eligibility).toEqual({
          allowed: false,
          reason: 'You are not allowed to approve deployments of this service',
        });
      },
      denied: async () => {
        const response = await get(`/deployments/${pending.secret}`, chen);
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          `No deployment ${pending.secret}`,
        );
      },
    },
    CheckPromotion: {
      allowed: async () => {
        expect(
          (
            await get('/promotions/check', chen, {
              service: 'payments',
              version: '1.2.0',
            })
          ).status,
        ).toBe(200);
      },
      denied: async () => {
        expect(
          (
            await get('/promotions/check', chen, {
              service: 'secret',
              version: '1.2.0',
            })
          ).status,
        ).toBe(404);
      },
    },
    ListChangesBetween: {
      allowed: async () => {
        const response = await get('/changes/between', chen, {
          service: 'payments',
          from: '1.0.0',
          to: '1.2.0',
        });
        expect(response.body.items).toHaveLength(2);
      },
      denied: async () => {
        expect(
          (
            await get('/changes/between', chen, {
              service: 'secret',
              to: '1.2.0',
            })
          ).status,
        ).toBe(404);
      },
    },
    FindChanges: {
      allowed: async () => {
        const services = (who: string) =>
          get('/changes', who, { issue: 'SHOP-1' }).then(r =>
            [
              ...new Set(
                r.body.items.map((i: { service: string }) => i.service),
              ),
            ].sort(),
          );
        expect(await services(ana)).toEqual([PAYMENTS, SECRET]);
        // A page of one still finds the one the reader may see.
        const one = await get('/changes', chen, {
          author: 'ana.lima',
          limit: 1,
        });
        expect(
          one.body.items.map((i: { service: string }) => i.service),
        ).toEqual([PAYMENTS]);
      },
      denied: async () => {
        const found = await get('/changes', chen, { issue: 'SHOP-1' });
        expect(
          found.body.items.map((i: { service: string }) => i.service),
        ).toEqual(Array(3).fill(PAYMENTS));
        expect(
          (
            await get('/changes', chen, {
              issue: 'SHOP-1',
              service: 'secret',
            })
          ).status,
        ).toBe(404);
      },
    },
    GetDependencyGraph: {
      allowed: async () => {
        const graph = await get('/graph', ana, { stage: 'prod' });
        expect(
          graph.body.nodes.map((n: { service: string }) => n.service),
        ).toEqual([PAYMENTS, SECRET]);
        expect(graph.body.edges).toHaveLength(2);
      },
      denied: async () => {
        const graph = await get('/graph', chen, { stage: 'prod' });
        expect(graph.body).toEqual({
          stage: 'prod',
          nodes: [expect.objectContaining({ service: PAYMENTS })],
          edges: [],
        });
        expect(
          (
            await get('/graph', chen, {
              stage: 'prod',
              service: 'payments',
              depth: 3,
            })
          ).body.nodes,
        ).toHaveLength(1);
        expect(
          (await get('/graph', chen, { stage: 'prod', service: 'secret' }))
            .status,
        ).toBe(404);
      },
    },
    ...Object.fromEntries(
      (
        [
          ['GetDoraMetrics', '/insights/dora'],
          ['GetLagReport', '/insights/lag'],
          ['GetComplianceReport', '/insights/compliance'],
          ['GetDriftReport', '/insights/drift'],
        ] as const
      ).map(([operationId, path]) => [
        operationId,
        {
          // The organisation's insights count what the reader may see.
          allowed: async () => {
            expect((await get(path, ana)).body.serviceCount).toBe(2);
            expect(
              (await get(path, ana, { service: 'secret' })).body.scope,
            ).toEqual({ service: SECRET });
          },
          denied: async () => {
            expect((await get(path, chen)).body.serviceCount).toBe(1);
            expect((await get(path, chen, { service: 'secret' })).status).toBe(
              404,
            );
          },
        },
      ]),
    ),
    GetDoraTeams: {
      // A team counts the services it owns that the reader may see.
      allowed: async () => {
        const { teams } = (await get('/insights/dora/teams', ana)).body;
        expect(teams).toEqual([expect.objectContaining({ serviceCount: 2 })]);
      },
      denied: async () => {
        const { teams } = (await get('/insights/dora/teams', chen)).body;
        expect(teams).toEqual([expect.objectContaining({ serviceCount: 1 })]);
      },
    },
    ListTrains: {
      allowed: async () => {
        expect((await get('/trains', ana)).body.items[0].services).toEqual([
          PAYMENTS,
          SECRET,
        ]);
      },
      denied: async () => {
        expect((await get('/trains', chen)).body.items[0].services).toEqual([
          PAYMENTS,
        ]);
      },
    },
    GetTrainCalendar: {
      // Every train's departures are public to the signed-in; the services
      // named in its events are those the reader may see.
      allowed: async () => {
        const ics = await get('/trains/express/calendar.ics', ana);
        expect(ics.status).toBe(200);
        expect(ics.text).toContain(SECRET);
      },
      denied: async () => {
        const ics = await get('/trains/express/calendar.ics', chen);
        expect(ics.text).toContain(PAYMENTS);
        expect(ics.text).not.toContain(SECRET);
        expect(
          (
            await get(
              '/trains/express/calendar.ics',
              mockCredentials.none.header(),
            )
          ).status,
        ).toBe(401);
      },
    },
    PreviewDeparture: {
      allowed: async () => {
        const preview = await get('/trains/express/preview', ana);
        expect(
          preview.body.items.map((i: { service: string }) => i.service),
        ).toEqual([PAYMENTS, SECRET]);
      },
      denied: async () => {
        const preview = await get('/trains/express/preview', chen);
        expect(preview.body.items).toEqual([
          expect.objectContaining({ service: PAYMENTS, version: '1.2.0' }),
        ]);
        expect(
          (await get('/trains/express/preview', mockCredentials.none.header()))
            .status,
        ).toBe(401);
      },
    },
    ListTrainRuns: {
      allowed: async () => {
        const [run] = (await get('/trains/runs', ana)).body.items;
        expect(run.items.map((i: { service: string }) => i.service)).toEqual([
          PAYMENTS,
          SECRET,
        ]);
      },
      denied: async () => {
        const [run] = (await get('/trains/runs', chen)).body.items;
        expect(run.items).toEqual([
          expect.objectContaining({
            service: PAYMENTS,
            reason:
              'Frozen until Monday; 1 more about services you may not see',
          }),
        ]);
      },
    },
    GetTrainRun: {
      allowed: async () => {
        const run = await get(`/trains/runs/${runId}`, ana);
        expect(
          run.body.items.map((i: { service: string }) => i.service),
        ).toEqual([PAYMENTS, SECRET]);
      },
      denied: async () => {
        const run = await get(`/trains/runs/${runId}`, chen);
        expect(run.body.items).toEqual([
          expect.objectContaining({
            service: PAYMENTS,
            changeList: [expect.any(Object)],
          }),
        ]);
      },
    },
    ListDepartures: {
      allowed: async () => {
        expect(
          (await get('/trains/departures', dana)).body.items.length,
        ).toBeGreaterThan(0);
      },
      denied: async () => {
        expect(
          (await get('/trains/departures', mockCredentials.none.header()))
            .status,
        ).toBe(401);
      },
    },
    ListPipelines: {
      allowed: async () => {
        expect((await get('/pipelines', dana)).body.items[0].name).toBe(
          'default',
        );
      },
      denied: async () => {
        expect(
          (await get('/pipelines', mockCredentials.none.header())).status,
        ).toBe(401);
      },
    },
    RecordDeployment: {
      denied: async () => {
        const record = (who: string, service: string) => () =>
          send('post', '/deployments', who, {
            service,
            stage: 'dev',
            version: '1.0.0',
          });
        await changesNothing(record(dana, 'payments'), 403);
        await changesNothing(record(chen, 'secret'), 404);
      },
      allowed: async () => {
        const recorded = await send('post', '/deployments', chen, {
          service: 'payments',
          stage: 'dev',
          version: '1.0.0',
        });
        expect(recorded.status).toBe(201);
      },
    },
    Promote: {
      denied: async () => {
        const promote = (who: string, service: string) => () =>
          send('post', '/promotions', who, { service, version: '1.0.0' });
        const refused = await changesNothing(promote(dana, 'payments'), 403);
        expect(refused.body.error.message).toBe(
          `Not allowed to promote ${PAYMENTS}`,
        );
        await changesNothing(promote(chen, 'secret'), 404);
      },
      allowed: async () => {
        const promoted = await send('post', '/promotions', chen, {
          service: 'payments',
          version: '1.2.0',
        });
        expect(promoted.status).toBe(201);
        expect(promoted.body).toMatchObject({
          stage: 'staging',
          state: 'succeeded',
        });
      },
    },
    Rollback: {
      denied: async () => {
        const rollback = (who: string, service: string) => () =>
          send('post', '/rollbacks', who, {
            service,
            stage: 'dev',
            reason: 'Broken',
          });
        await changesNothing(rollback(dana, 'payments'), 403);
        await changesNothing(rollback(chen, 'secret'), 404);
      },
      allowed: async () => {
        const rolledBack = await send('post', '/rollbacks', ana, {
          service: 'secret',
          stage: 'dev',
          reason: 'Broken',
        });
        expect(rolledBack.status).toBe(201);
        expect(rolledBack.body).toMatchObject({
          version: '1.1.0',
          state: 'succeeded',
        });
      },
    },
    DecideApproval: {
      denied: async () => {
        const decide = (who: string, id: string) => () =>
          send('post', `/deployments/${id}/approvals`, who, {
            decision: 'approve',
          });
        await changesNothing(decide(dana, pending.payments), 403);
        await changesNothing(decide(chen, pending.secret), 404);
      },
      allowed: async () => {
        const approved = await send(
          'post',
          `/deployments/${pending.secret}/approvals`,
          ben,
          {
            decision: 'approve',
          },
        );
        expect(approved.status).toBe(200);
        expect(approved.body.approvals).toEqual([
          expect.objectContaining({ approver: 'user:default/ben' }),
        ]);
      },
    },
    ResolveDeployment: {
      denied: async () => {
        const resolve = (who: string, id: string) => () =>
          send('post', `/deployments/${id}/resolve`, who, {
            action: 'mark-failed',
            reason: 'Checked the cluster',
          });
        await changesNothing(resolve(dana, pending.payments), 403);
        await changesNothing(resolve(chen, pending.secret), 404);
      },
      allowed: async () => {
        // Past the permission check; only an unknown deployment is resolved.
        const resolved = await send(
          'post',
          `/deployments/${pending.payments}/resolve`,
          ana,
          { action: 'mark-failed', reason: 'Checked the cluster' },
        );
        expect(resolved.status).toBe(409);
        expect(resolved.body.error.message).toMatch(/not unknown/);
      },
    },
    CancelDeployment: {
      denied: async () => {
        const cancel = (who: string, id: string) => () =>
          send('post', `/deployments/${id}/cancel`, who);
        await changesNothing(cancel(dana, pending.payments), 403);
        await changesNothing(cancel(chen, pending.secret), 404);
      },
      allowed: async () => {
        const cancelled = await send(
          'post',
          `/deployments/${pending.payments}/cancel`,
          ana,
        );
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.state).toBe('cancelled');
      },
    },
    SetRequirement: {
      denied: async () => {
        const set = (who: string, service: string, dependency: string) => () =>
          send('put', '/requirements', who, {
            service,
            dependency,
            range: '^2',
          });
        await changesNothing(set(dana, 'payments', 'secret'), 403);
        await changesNothing(set(chen, 'secret', 'payments'), 404);
        const hidden = await changesNothing(
          set(chen, 'payments', 'secret'),
          400,
        );
        expect(hidden.body.error.message).toBe(
          `dependency: ${SECRET} is not in the catalog`,
        );
      },
      allowed: async () => {
        const set = await send('put', '/requirements', ana, {
          service: 'secret',
          dependency: 'payments',
          range: '^1.1',
        });
        expect(set.body).toMatchObject({ changed: true });
      },
    },
    RemoveRequirement: {
      denied: async () => {
        const remove =
          (who: string, service: string, dependency: string) => () =>
            request(server)
              .delete(`${API}/requirements`)
              .set('Authorization', who)
              .query({ service, dependency });
        await changesNothing(remove(dana, 'payments', 'secret'), 403);
        await changesNothing(remove(chen, 'secret', 'payments'), 404);
      },
      allowed: async () => {
        const removed = await request(server)
          .delete(`${API}/requirements`)
          .set('Authorization', ana)
          .query({ service: 'secret', dependency: 'payments' });
        expect(removed.status).toBe(204);
      },
    },
    RegisterService: {
      denied: async () => {
        await changesNothing(
          () =>
            send('post', '/services', dana, {
              service: 'billing',
              pipeline: 'default',
            }),
          403,
        );
        // A service the caller may not see is "already registered", even
        // on its own pipeline: registering tells nothing of what exists.
        for (const train of [undefined, 'express']) {
          const hidden = await changesNothing(
            () =>
              send('post', '/services', chen, {
                service: 'secret',
                pipeline: 'default',
                ...(train && { train }),
              }),
            409,
          );
          expect(hidden.body.error.message).toBe(
            `${SECRET} is already registered; to move it, change the release-trains annotations of its catalog entity`,
          );
        }
      },
      allowed: async () => {
        const registered = await send('post', '/services', chen, {
          service: 'billing',
          pipeline: 'default',
        });
        expect(registered.status).toBe(201);
      },
    },
    GetRollout: {
      // Past the read check, a deployment of a rolling stage has none.
      denied: async () => {
        const hidden = await get(
          `/deployments/${pending.secret}/rollout`,
          chen,
        );
        expect(hidden.status).toBe(404);
        expect(hidden.body.error.message).toBe(
          `No deployment ${pending.secret}`,
        );
      },
      allowed: async () => {
        const read = await get(`/deployments/${pending.secret}/rollout`, ana);
        expect(read.status).toBe(404);
        expect(read.body.error.message).toBe(
          `Deployment ${pending.secret} has no roll-out`,
        );
      },
    },
    ...Object.fromEntries(
      (
        [
          ['ResumeRollout', 'resume', {}],
          ['AbortRollout', 'abort', { reason: 'error rate climbing' }],
        ] as const
      ).map(([operationId, action, body]) => [
        operationId,
        {
          denied: async () => {
            const act = (who: string, id: string) => () =>
              send('post', `/deployments/${id}/rollout/${action}`, who, body);
            await changesNothing(act(dana, pending.payments), 403);
            await changesNothing(act(chen, pending.secret), 404);
          },
          allowed: async () => {
            const acted = await send(
              'post',
              `/deployments/${pending.payments}/rollout/${action}`,
              ana,
              body,
            );
            expect(acted.status).toBe(404);
            expect(acted.body.error.message).toBe(
              `Deployment ${pending.payments} has no roll-out`,
            );
          },
        },
      ]),
    ),
    ReportHealth: {
      denied: async () => {
        const refused = await changesNothing(
          () =>
            signedEvents(
              server,
              { samples: [{ check: 'error-rate', canary: 0.2, baseline: 0 }] },
              {
                deliveryId: 'health-denied-1',
                source: 'payments-ci',
                path: `/deployments/${pending.secret}/health`,
              },
            ),
          403,
        );
        expect(refused.body.error.message).toBe(
          `Source 'payments-ci' may not report for ${SECRET}`,
        );
      },
      allowed: async () => {
        // Past the source check, a deployment awaiting approval takes none.
        const early = await signedEvents(
          server,
          { samples: [{ check: 'error-rate', canary: 0.2, baseline: 0 }] },
          {
            deliveryId: 'health-allowed-1',
            source: 'payments-ci',
            path: `/deployments/${pending.payments}/health`,
          },
        );
        expect(early.status).toBe(409);
        expect(early.body.error.message).toMatch(/not in progress/);
      },
    },
    ListRehearsals: {
      allowed: async () => {
        const listed = await get('/rehearsals', ana, { service: 'secret' });
        expect(listed.status).toBe(200);
        expect(listed.body).toEqual({ items: [] });
      },
      denied: async () => {
        expect(
          (await get('/rehearsals', chen, { service: 'secret' })).status,
        ).toBe(404);
      },
    },
    RehearseRollback: {
      denied: async () => {
        const rehearse = (who: string, name: string) => () =>
          send('post', '/rehearsals', who, { service: name, stage: 'staging' });
        await changesNothing(rehearse(dana, 'payments'), 403);
        await changesNothing(rehearse(chen, 'secret'), 404);
      },
      allowed: async () => {
        const rehearsal = await send('post', '/rehearsals', ana, {
          service: 'payments',
          stage: 'staging',
        });
        expect(rehearsal.status).toBe(201);
        expect(rehearsal.body).toMatchObject({
          service: PAYMENTS,
          version: '1.2.0',
          previousVersion: '1.1.0',
          phase: 'rollback',
          state: 'running',
          requestedBy: 'user:default/ana',
        });
      },
    },
    IngestEvents: {
      denied: async () => {
        const refused = await changesNothing(
          () =>
            signedEvents(
              server,
              {
                type: 'version.created',
                service: 'secret',
                version: '1.3.0',
                commitSha: 'b'.repeat(40),
                builtAt: '2026-11-04T10:00:00Z',
              },
              { deliveryId: 'denied-1', source: 'payments-ci' },
            ),
          403,
        );
        expect(refused.body.error.message).toMatch(
          /Source 'payments-ci' may not report for component:default\/secret/,
        );
      },
      allowed: async () => {
        await signedEvents(
          server,
          {
            type: 'version.created',
            service: 'payments',
            version: '1.3.0',
            commitSha: 'c'.repeat(40),
            builtAt: '2026-11-04T10:00:00Z',
          },
          { deliveryId: 'allowed-1', source: 'payments-ci' },
        ).expect(200);
      },
    },
  };
}

const OPERATION_IDS = Object.keys(operationsOf({} as Context));

describe('authorization of every operation', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const context = {} as Context;
    const published: Parameters<SignalsService['publish']>[0][] = [];

    beforeAll(async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          entities,
          releaseTrains,
          policy,
          signals: { publish: async signal => void published.push(signal) },
        },
      );
      const pending = {
        payments: await seedService(server, 'payments', '1'),
        secret: await seedService(server, 'secret', '2'),
      };
      const trains = new TrainStore(knex);
      const runId = (await trains.claimDeparture({
        train: 'express',
        departsAt: new Date('2026-11-03T10:00:00Z'),
        cutoffAt: new Date('2026-11-03T09:30:00Z'),
      }))!;
      await trains.saveItems(
        runId,
        [PAYMENTS, SECRET].map(service => ({
          service,
          version: '1.1.0',
          fromVersion: '1.0.0',
          state: 'blocked' as const,
          stage: 'prod',
          changeCount: 1,
          // A gate's refusal, as the conductor keeps it, names others.
          reason: `${SECRET} ^2.0.0 required, prod runs 1.1.0; Frozen until Monday`,
        })),
      );
      Object.assign(context, { server, knex, pending, runId });
    });

    it('has an allow and a deny test for every operation of the OpenAPI spec', () => {
      const operationIds = Object.values(spec.paths).flatMap((path: any) =>
        Object.values(path).map((operation: any) => operation.operationId),
      );
      expect([...OPERATION_IDS].sort()).toEqual(operationIds.sort());
    });

    // Reads first, then mutations; each denial before the permitted call.
    it.each(OPERATION_IDS)('%s: denied, then allowed', async operationId => {
      expect.hasAssertions();
      const operation = operationsOf(context)[operationId];
      await operation.denied();
      await operation.allowed();
    });

    it('publishes signals that say nothing but that something changed', () => {
      expect(published.length).toBeGreaterThan(0);
      for (const signal of published) {
        expect(signal).toEqual({
          recipients: { type: 'broadcast' },
          channel: expect.stringMatching(
            /^release-trains:(component:default\/|trains$)/,
          ),
          message: { changed: true },
        });
      }
    });
  });
});
