import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  demoPipeline,
  INGESTION_SECRET,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { signReleaseTrainsRequest } from '@release-trains/plugin-release-trains-node';
import { spec } from '../schema/openapi';

jest.setTimeout(300_000);

const REQUESTS = 1000;

/** Deterministic, so a failure can be replayed. */
function randomSequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const ODD_VALUES: unknown[] = [
  '',
  ' ',
  'x'.repeat(5000),
  -1,
  0,
  1.5,
  1e308,
  null,
  true,
  [],
  {},
  { $ne: 1 },
  "'; drop table deployments; --",
  '../../etc/passwd',
  '\u0000',
  '💥',
  'payments',
  'component:default/payments',
  'component:default/',
  'dev',
  'prod',
  '1.0.0',
  '2026-11-20T10:00:00.000Z',
  'yesterday',
  'abcdef1',
  'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  'deployment.succeeded',
  'version.created',
  'promote',
];

const FIELDS = [
  'service',
  'stage',
  'version',
  'kind',
  'type',
  'commitSha',
  'builtAt',
  'externalId',
  'occurredAt',
  'changes',
  'events',
  'extra',
  'reason',
  'decision',
  'comment',
];

/** Valid requests, which the fuzzer mutates a field or two at a time. */
const VALID_BODIES = {
  promotion: { service: 'payments', version: '1.0.0', reason: 'Ship it' },
  rollback: { service: 'payments', stage: 'dev', reason: 'Broken' },
  approval: { decision: 'approve', comment: 'Looks good' },
  resolution: { action: 'mark-failed', reason: 'Nothing ran' },
  record: {
    service: 'payments',
    stage: 'dev',
    version: '1.0.0',
    kind: 'deploy',
  },
  requirement: { service: 'payments', dependency: 'cart', range: '^1.0.0' },
  registration: { service: 'billing', pipeline: 'default' },
  abort: { reason: 'Error rate climbing' },
  rehearsal: { service: 'payments', stage: 'dev', version: '1.0.0' },
  health: {
    samples: [{ check: 'error-rate', canary: 0.02, baseline: 0.005 }],
  },
  version: {
    type: 'version.created',
    service: 'payments',
    version: '1.0.0',
    commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    builtAt: '2026-11-20T10:00:00.000Z',
    changes: [
      {
        commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        title: 'A change',
        author: 'ana.lima',
        issueKeys: ['PAY-1'],
      },
    ],
  },
  deployment: {
    type: 'deployment.succeeded',
    service: 'payments',
    stage: 'dev',
    version: '1.0.0',
    externalId: 'run-1',
    occurredAt: '2026-11-20T11:00:00.000Z',
  },
};

/** Headers a careless or hostile client might send. */
const ODD_HEADERS: [string, string][] = [
  ['Authorization', 'Bearer'],
  ['Authorization', 'Bearer not.a.token'],
  ['Authorization', `Bearer ${'x'.repeat(8000)}`],
  ['Authorization', 'Basic dXNlcjpwYXNz'],
  ['Content-Type', 'text/plain'],
  ['Content-Type', 'application/json; charset=utf-7'],
  ['Content-Type', 'application/x-www-form-urlencoded'],
  ['Content-Encoding', 'gzip'],
  ['Content-Encoding', 'br'],
  ['Accept', 'text/html'],
  ['X-Release-Trains-Delivery', ''],
  ['X-Release-Trains-Delivery', 'x'.repeat(300)],
  ['X-Release-Trains-Delivery', '{"a":1}'],
  ['X-Release-Trains-Source', 'ci'],
  ['X-Release-Trains-Source', '../../etc'],
  ['X-Release-Trains-Signature', 'sha256=00'],
  ['X-Release-Trains-Signature', `t=1,sha256=${'0'.repeat(64)}`],
  ['X-Release-Trains-Signature', `t=${'9'.repeat(20)},sha256=`],
  ['X-Forwarded-For', '::1, 10.0.0.1'],
];

type Fuzzer = {
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  randomValue: (depth?: number) => unknown;
  randomQuery: (fields: string[]) => Record<string, string>;
  randomBody: (valid: Record<string, unknown>) => Record<string, unknown>;
};

type FuzzRequest = {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
};

/**
 * A random request to each operation of the spec, by operationId; the test
 * fails when the spec has an operation this does not send to.
 */
const OPERATIONS: Record<
  string,
  (f: Fuzzer, deploymentId: string) => FuzzRequest
> = {
  GetPipeline: f => ({
    method: 'get',
    path: '/pipeline',
    query: f.randomQuery(['service']),
  }),
  ListDeployments: f => ({
    method: 'get',
    path: '/deployments',
    query: f.randomQuery([
      'service',
      'owner',
      'system',
      'stage',
      'lastStage',
      'state',
      'outcome',
      'kind',
      'ungated',
      'createdBy',
      'from',
      'to',
      'finishedFrom',
      'finishedTo',
      'cursor',
      'limit',
    ]),
  }),
  RecordDeployment: f => ({
    method: 'post',
    path: '/deployments',
    body: f.randomBody(VALID_BODIES.record),
  }),
  Promote: f => ({
    method: 'post',
    path: '/promotions',
    body: f.randomBody(VALID_BODIES.promotion),
  }),
  CheckPromotion: f => ({
    method: 'get',
    path: '/promotions/check',
    query: f.randomQuery(['service', 'version', 'stage']),
  }),
  Rollback: f => ({
    method: 'post',
    path: '/rollbacks',
    body: f.randomBody(VALID_BODIES.rollback),
  }),
  GetDeployment: (f, id) => ({
    method: 'get',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}`,
  }),
  DecideApproval: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/approvals`,
    body: f.randomBody(VALID_BODIES.approval),
  }),
  ResolveDeployment: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/resolve`,
    body: f.randomBody(VALID_BODIES.resolution),
  }),
  CancelDeployment: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/cancel`,
  }),
  ListChangesBetween: f => ({
    method: 'get',
    path: '/changes/between',
    query: f.randomQuery(['service', 'from', 'to']),
  }),
  ListTrains: () => ({ method: 'get', path: '/trains' }),
  ListDepartures: f => ({
    method: 'get',
    path: '/trains/departures',
    query: f.randomQuery(['train', 'from', 'to']),
  }),
  ListTrainRuns: f => ({
    method: 'get',
    path: '/trains/runs',
    query: f.randomQuery(['train', 'before', 'limit']),
  }),
  GetTrainCalendar: f => ({
    method: 'get',
    path: `/trains/${encodeURIComponent(
      f.random() < 0.5 ? 'express' : String(f.randomValue()),
    )}/calendar.ics`,
    query: f.randomQuery(['weeks']),
  }),
  PreviewDeparture: f => ({
    method: 'get',
    path: `/trains/${encodeURIComponent(
      f.random() < 0.5 ? 'express' : String(f.randomValue()),
    )}/preview`,
  }),
  GetTrainRun: f => ({
    method: 'get',
    path: `/trains/runs/${encodeURIComponent(String(f.randomValue()))}`,
  }),
  GetDependencyGraph: f => ({
    method: 'get',
    path: '/graph',
    query: f.randomQuery([
      'stage',
      'service',
      'depth',
      'owner',
      'system',
      'violations',
    ]),
  }),
  GetDoraMetrics: f => ({
    method: 'get',
    path: '/insights/dora',
    query: f.randomQuery([
      'service',
      'owner',
      'system',
      'from',
      'to',
      'bucket',
      'timeZone',
    ]),
  }),
  GetDoraTeams: f => ({
    method: 'get',
    path: '/insights/dora/teams',
    query: f.randomQuery(['system', 'from', 'to']),
  }),
  GetLagReport: f => ({
    method: 'get',
    path: '/insights/lag',
    query: f.randomQuery(['service', 'owner', 'system', 'weeks']),
  }),
  GetComplianceReport: f => ({
    method: 'get',
    path: '/insights/compliance',
    query: f.randomQuery(['service', 'owner', 'system', 'from', 'to']),
  }),
  GetDriftReport: f => ({
    method: 'get',
    path: '/insights/drift',
    query: f.randomQuery(['service', 'owner', 'system']),
  }),
  SetRequirement: f => ({
    method: 'put',
    path: '/requirements',
    body: f.randomBody(VALID_BODIES.requirement),
  }),
  RemoveRequirement: f => ({
    method: 'delete',
    path: '/requirements',
    query: f.randomQuery(['service', 'dependency']),
  }),
  ListPipelines: () => ({ method: 'get', path: '/pipelines' }),
  RegisterService: f => ({
    method: 'post',
    path: '/services',
    body: f.randomBody(VALID_BODIES.registration),
  }),
  IngestEvents: f => {
    const event = () =>
      f.randomBody(
        f.random() < 0.5 ? VALID_BODIES.version : VALID_BODIES.deployment,
      );
    return {
      method: 'post',
      path: '/events',
      body: f.random() < 0.5 ? event() : { events: [event(), event()] },
    };
  },
  ListRehearsals: f => ({
    method: 'get',
    path: '/rehearsals',
    query: f.randomQuery(['service', 'version', 'limit']),
  }),
  RehearseRollback: f => ({
    method: 'post',
    path: '/rehearsals',
    body: f.randomBody(VALID_BODIES.rehearsal),
  }),
  GetRollout: (f, id) => ({
    method: 'get',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/rollout`,
  }),
  ResumeRollout: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/rollout/resume`,
    body: f.randomBody({ reason: 'Looked at the dashboards' }),
  }),
  AbortRollout: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/rollout/abort`,
    body: f.randomBody(VALID_BODIES.abort),
  }),
  ReportHealth: (f, id) => ({
    method: 'post',
    path: `/deployments/${encodeURIComponent(
      f.random() < 0.5 ? id : String(f.randomValue()),
    )}/health`,
    body: f.randomBody(VALID_BODIES.health),
  }),
  FindChanges: f => ({
    method: 'get',
    path: '/changes',
    query: f.randomQuery(['sha', 'pr', 'author', 'issue', 'service', 'limit']),
  }),
};

function createFuzzer(seed: number): Fuzzer {
  const random = randomSequence(seed);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)];
  function randomValue(depth = 0): unknown {
    const roll = random();
    if (depth < 2 && roll < 0.1)
      return [randomValue(depth + 1), randomValue(depth + 1)];
    if (depth < 2 && roll < 0.2) return randomObject(FIELDS, depth + 1);
    return pick(ODD_VALUES);
  }
  function randomObject(fields: string[], depth = 0) {
    const object: Record<string, unknown> = {};
    for (const field of fields) {
      if (random() < 0.5) object[field] = randomValue(depth);
    }
    return object;
  }
  const randomQuery = (fields: string[]) => {
    const query: Record<string, string> = {};
    for (const field of fields) {
      if (random() < 0.6) query[field] = String(pick(ODD_VALUES));
    }
    if (random() < 0.1) query[pick(FIELDS)] = String(pick(ODD_VALUES));
    return query;
  };
  /** A valid body with one or two fields replaced, dropped or added. */
  const mutate = (valid: Record<string, unknown>) => {
    const body: Record<string, unknown> = structuredClone(valid);
    const keys = Object.keys(body);
    for (let n = 0; n < 1 + Math.floor(random() * 2); n++) {
      const roll = random();
      if (roll < 0.6) body[pick(keys)] = randomValue();
      else if (roll < 0.85) delete body[pick(keys)];
      else body[pick(FIELDS)] = randomValue();
    }
    return body;
  };
  const randomBody = (valid: Record<string, unknown>) =>
    random() < 0.7 ? mutate(valid) : randomObject(FIELDS);
  return { random, pick, randomValue, randomQuery, randomBody };
}

describe('robustness', () => {
  const databases = createLedgerTestDatabases();

  it('sends to every operation of the OpenAPI spec', () => {
    const operationIds = Object.values(spec.paths).flatMap((path: any) =>
      Object.values(path).map((operation: any) => operation.operationId),
    );
    expect(Object.keys(OPERATIONS).sort()).toEqual(operationIds.sort());
  });

  it.each(databases.eachSupportedId())(
    `answers ${REQUESTS} malformed or random requests to every operation without a 5xx, and rejected ones write nothing, on %p`,
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          releaseTrains: {
            ...demoPipeline(),
            trains: {
              express: { schedule: { cron: '0 10 * * 1-5', timeZone: 'UTC' } },
            },
          },
        },
      );
      // FUZZ_SEED=<n> replays another sequence.
      const fuzzer = createFuzzer(
        Number(process.env.FUZZ_SEED ?? databaseId.length * 7919),
      );
      const { random, pick } = fuzzer;
      const operationIds = Object.keys(OPERATIONS);

      /** One random request: an operation, perhaps odd headers, perhaps an odd body. */
      async function randomRequest(i: number) {
        const operationId = pick(operationIds);
        const deployment = await knex('deployments').first('id');
        const fuzz = OPERATIONS[operationId](fuzzer, deployment?.id ?? 'none');
        let test = request(server)[fuzz.method](
          `/api/release-trains${fuzz.path}`,
        );
        if (fuzz.query) test = test.query(fuzz.query);
        const roll = random();
        let raw =
          fuzz.body === undefined ? undefined : JSON.stringify(fuzz.body);
        let what = operationId;
        if (roll < 0.04) {
          raw = `${'['.repeat(40_000)}${']'.repeat(40_000)}`;
          what += ' (deeply nested)';
        } else if (roll < 0.06) {
          raw = JSON.stringify({
            service: 'payments',
            reason: 'x'.repeat(5_300_000),
          });
          what += ' (oversize)';
        } else if (roll < 0.1) {
          raw = pick(['{', '[]', 'null', '"x"', '{"service":', '\u0000']);
          what += ' (not an object)';
        }
        const delivery = `fuzz-${i}`;
        if (fuzz.path === '/events' || fuzz.path.endsWith('/health')) {
          if (random() < 0.5) {
            test = test
              .set('Authorization', mockCredentials.service.header())
              .set('X-Release-Trains-Delivery', delivery);
          } else {
            test = test
              .set('Authorization', mockCredentials.none.header())
              .set('X-Release-Trains-Delivery', delivery)
              .set('X-Release-Trains-Source', pick(['ci', 'other', '']))
              .set(
                'X-Release-Trains-Signature',
                random() < 0.7
                  ? signReleaseTrainsRequest({
                      body: raw ?? '',
                      deliveryId: delivery,
                      secret: INGESTION_SECRET,
                    })
                  : 'sha256=00',
              );
          }
        }
        if (random() < 0.25) {
          const [name, value] = pick(ODD_HEADERS);
          test = test.set(name, value);
          what += ` (${name}: ${value.slice(0, 40)})`;
        }
        if (raw !== undefined) {
          test = test.set('Content-Type', 'application/json').send(raw);
        }
        return { response: await test, what };
      }

      const statuses = new Map<number, number>();
      const count = (status: number) =>
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const rejectedButWrote: string[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const before = await ledgerSnapshot(knex);
        const { response, what } = await randomRequest(i);
        count(response.status);
        if (response.status >= 500) {
          throw new Error(
            `Request ${i} to ${what} answered ${
              response.status
            }: ${JSON.stringify(response.body)}`,
          );
        }
        if (
          response.status >= 400 &&
          JSON.stringify(await ledgerSnapshot(knex)) !== JSON.stringify(before)
        ) {
          rejectedButWrote.push(`request ${i} to ${what}`);
        }
      }
      expect(rejectedButWrote).toEqual([]);
      // Most random requests are rejected; some get through to the ledger.
      expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 4);
      expect(statuses.get(200)).toBeGreaterThan(0);
      expect(statuses.get(413)).toBeGreaterThan(0);

      // Then twenty at a time, as a busy portal and CI would.
      for (let batch = 0; batch < 10; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            randomRequest(REQUESTS + batch * 20 + i),
          ),
        );
        answers.forEach(({ response }) => count(response.status));
        expect(
          answers
            .filter(({ response }) => response.status >= 500)
            .map(({ response, what }) => `${what}: ${response.status}`),
        ).toEqual([]);
      }
    },
  );
});
