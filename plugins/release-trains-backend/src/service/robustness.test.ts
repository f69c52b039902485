import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  INGESTION_SECRET,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { signReleaseTrainsRequest } from '@internal/backstage-plugin-release-trains-node';

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
  'deploymentId',
  'occurredAt',
  'changes',
  'events',
  'extra',
  'reason',
  'decision',
  'comment',
];

const QUERY_FIELDS = {
  pipeline: ['service'],
  list: ['service', 'stage', 'state', 'kind', 'from', 'to', 'cursor', 'limit'],
  changes: ['sha', 'pr', 'author', 'issue', 'service', 'limit'],
  check: ['service', 'version', 'stage'],
};

/** Valid requests, which the fuzzer mutates a field or two at a time. */
const VALID_BODIES = {
  promotion: { service: 'payments', version: '1.0.0', reason: 'Ship it' },
  rollback: { service: 'payments', stage: 'dev', reason: 'Broken' },
  approval: { decision: 'approve', comment: 'Looks good' },
  record: {
    service: 'payments',
    stage: 'dev',
    version: '1.0.0',
    kind: 'deploy',
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
    deploymentId: 'run-1',
    occurredAt: '2026-11-20T11:00:00.000Z',
  },
};

describe('robustness', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    `answers ${REQUESTS} malformed or random requests without a 5xx, and rejected ones write nothing, on %p`,
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          releaseTrains: {
            pipelines: {
              default: {
                deployer: 'demo',
                stages: [
                  { name: 'dev' },
                  { name: 'staging' },
                  { name: 'prod' },
                ],
              },
            },
            deployers: { demo: { durationSeconds: 0 } },
          },
        },
      );
      // FUZZ_SEED=<n> replays another sequence.
      const random = randomSequence(
        Number(process.env.FUZZ_SEED ?? databaseId.length * 7919),
      );
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
      const randomEvents = () => {
        const event = () =>
          randomBody(
            random() < 0.5 ? VALID_BODIES.version : VALID_BODIES.deployment,
          );
        return random() < 0.5 ? event() : { events: [event(), event()] };
      };

      const statuses = new Map<number, number>();
      const rejectedButWrote: string[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const before = await ledgerSnapshot(knex);
        const endpoint = pick([
          'pipeline',
          'list',
          'record',
          'events',
          'signed-events',
          'changes',
          'raw',
          'check',
          'promote',
          'rollback',
          'approve',
        ]);
        let response: request.Response;
        switch (endpoint) {
          case 'pipeline':
            response = await request(server)
              .get('/api/release-trains/pipeline')
              .query(randomQuery(QUERY_FIELDS.pipeline));
            break;
          case 'list':
            response = await request(server)
              .get('/api/release-trains/deployments')
              .query(randomQuery(QUERY_FIELDS.list));
            break;
          case 'changes':
            response = await request(server)
              .get('/api/release-trains/changes')
              .query(randomQuery(QUERY_FIELDS.changes));
            break;
          case 'check':
            response = await request(server)
              .get('/api/release-trains/promotions/check')
              .query(randomQuery(QUERY_FIELDS.check));
            break;
          case 'promote':
            response = await request(server)
              .post('/api/release-trains/promotions')
              .send(randomBody(VALID_BODIES.promotion));
            break;
          case 'rollback':
            response = await request(server)
              .post('/api/release-trains/rollbacks')
              .send(randomBody(VALID_BODIES.rollback));
            break;
          case 'approve': {
            const deployment = await knex('deployments').first('id');
            response = await request(server)
              .post(
                `/api/release-trains/deployments/${encodeURIComponent(
                  random() < 0.5 && deployment
                    ? deployment.id
                    : String(randomValue()),
                )}/approvals`,
              )
              .send(randomBody(VALID_BODIES.approval));
            break;
          }
          case 'record':
            response = await request(server)
              .post('/api/release-trains/deployments')
              .send(randomBody(VALID_BODIES.record));
            break;
          case 'events':
            response = await request(server)
              .post('/api/release-trains/events')
              .set('Authorization', mockCredentials.service.header())
              .set('X-Release-Trains-Delivery', `fuzz-${i}`)
              .send(randomEvents());
            break;
          case 'signed-events': {
            const body = JSON.stringify(randomEvents());
            response = await request(server)
              .post('/api/release-trains/events')
              .set('Authorization', mockCredentials.none.header())
              .set('Content-Type', 'application/json')
              .set('X-Release-Trains-Delivery', `fuzz-${i}`)
              .set('X-Release-Trains-Source', pick(['ci', 'other', '']))
              .set(
                'X-Release-Trains-Signature',
                random() < 0.7
                  ? signReleaseTrainsRequest({
                      body,
                      deliveryId: `fuzz-${i}`,
                      secret: INGESTION_SECRET,
                    })
                  : 'sha256=00',
              )
              .send(body);
            break;
          }
          default:
            response = await request(server)
              .post('/api/release-trains/deployments')
              .set('Content-Type', 'application/json')
              .send(pick(['{', '[]', 'null', '"x"', '{"service":', '\u0000']));
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) {
          throw new Error(
            `Request ${i} to ${endpoint} answered ${
              response.status
            }: ${JSON.stringify(response.body)}`,
          );
        }
        if (
          response.status >= 400 &&
          JSON.stringify(await ledgerSnapshot(knex)) !== JSON.stringify(before)
        ) {
          rejectedButWrote.push(`request ${i} to ${endpoint}`);
        }
      }
      expect(rejectedButWrote).toEqual([]);
      // Most random requests are rejected; some get through to the ledger.
      expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 3);
      expect(statuses.get(200)).toBeGreaterThan(0);
    },
  );
});
