import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { owned, reader, secretHidden } from '../__testUtils__/insights';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  demoPipeline,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const API = '/api/release-trains';
const PAYMENTS = 'component:default/payments';
const CART = 'component:default/cart';
const SECRET = 'component:default/secret';

function inSystem(entity: Entity, system: string, pipeline?: string): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        'release-trains/pipeline': pipeline ?? 'default',
      },
    },
    spec: { ...entity.spec, system },
  };
}

const entities = [
  inSystem(owned('payments', 'group:default/team-a'), 'shop'),
  // cart's pipeline ends in `live`, not `prod`.
  inSystem(owned('cart', 'group:default/team-b'), 'shop', 'short'),
  inSystem(owned('secret', 'group:default/team-a'), 'shop'),
];

/** Built 1.0.0 and 1.1.0; each deployment reported by CI at its minute. */
function history(name: string, lastStage: string) {
  const service = `component:default/${name}`;
  const at = (minute: number) =>
    new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
  const deployment = (
    type: string,
    stage: string,
    version: string,
    minute: number,
  ) => ({
    type,
    service,
    stage,
    version,
    externalId: `${name}-${stage}-${version}`,
    occurredAt: at(minute),
  });
  return [
    ...['1.0.0', '1.1.0'].map((version, i) => ({
      type: 'version.created',
      service,
      version,
      commitSha: `${i + 1}`.repeat(40),
      builtAt: at(0),
    })),
    deployment('deployment.succeeded', 'dev', '1.0.0', 1),
    deployment('deployment.succeeded', lastStage, '1.0.0', 2),
    deployment('deployment.succeeded', 'dev', '1.1.0', 3),
    deployment('deployment.failed', lastStage, '1.1.0', 4),
  ];
}

describe('GET /deployments for an owner, a system or everyone', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function backend() {
      const gated = demoPipeline({
        prod: { gates: { approverGroup: 'cab', soakMinutes: 0 } },
      });
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          entities,
          policy: secretHidden,
          releaseTrains: {
            ...gated,
            pipelines: {
              ...gated.pipelines,
              short: {
                deployer: 'demo',
                stages: [{ name: 'dev' }, { name: 'live' }],
              },
            },
          },
        },
      );
      await sendEvents(server, 'payments', history('payments', 'prod'));
      await sendEvents(server, 'cart', history('cart', 'live'));
      await sendEvents(server, 'secret', history('secret', 'prod'));
      const list = (query: Record<string, string | number>) =>
        request(server)
          .get(`${API}/deployments`)
          .set('Authorization', reader)
          .query(query);
      /** Each listed deployment as "service stage version state". */
      const listed = async (query: Record<string, string>) => {
        const response = await list(query).expect(200);
        return response.body.items.map(
          (d: any) =>
            `${d.service.split('/')[1]} ${d.stage} ${d.version} ${d.state}`,
        );
      };
      return { server, list, listed, knex };
    }

    it('lists an owner’s, a system’s or every service’s deployments the reader may see', async () => {
      const { listed } = await backend();
      const owners = await listed({ owner: 'group:default/team-a' });
      expect(owners).toEqual([
        'payments prod 1.1.0 failed',
        'payments dev 1.1.0 succeeded',
        'payments prod 1.0.0 succeeded',
        'payments dev 1.0.0 succeeded',
      ]);
      const everyone = await listed({});
      expect(everyone).toHaveLength(8);
      expect(everyone.filter((d: string) => d.startsWith('cart'))).toEqual([
        'cart live 1.1.0 failed',
        'cart dev 1.1.0 succeeded',
        'cart live 1.0.0 succeeded',
        'cart dev 1.0.0 succeeded',
      ]);
      expect(await listed({ system: 'shop' })).toEqual(everyone);
      expect(await listed({ system: 'elsewhere' })).toEqual([]);
    });

    it('pages across services newest first, never reaching a service the reader may not see', async () => {
      const { list } = await backend();
      const all = (await list({ limit: 200 }).expect(200)).body.items;
      const paged: any[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 3, ...(cursor && { cursor }) }).expect(
          200,
        );
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
      expect(paged.map(d => d.service)).not.toContain(SECRET);
      expect(new Set(paged.map(d => d.service))).toEqual(
        new Set([PAYMENTS, CART]),
      );
      const times = paged.map(d => d.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('filters by each service’s last stage, outcome, state, kind and gate', async () => {
      const { listed } = await backend();
      expect(await listed({ lastStage: 'true' })).toEqual(
        expect.arrayContaining([
          'payments prod 1.1.0 failed',
          'payments prod 1.0.0 succeeded',
          'cart live 1.1.0 failed',
          'cart live 1.0.0 succeeded',
        ]),
      );
      expect(await listed({ lastStage: 'true' })).toHaveLength(4);
      expect(
        (await listed({ lastStage: 'true', outcome: 'failure' })).sort(),
      ).toEqual(['cart live 1.1.0 failed', 'payments prod 1.1.0 failed']);
      expect(
        (await listed({ lastStage: 'true', outcome: 'ran' })).sort(),
      ).toEqual(['cart live 1.0.0 succeeded', 'payments prod 1.0.0 succeeded']);
      // A last stage has approvals by default: CI went past them.
      expect(
        await listed({ owner: 'group:default/team-a', ungated: 'true' }),
      ).toEqual([
        'payments prod 1.1.0 failed',
        'payments prod 1.0.0 succeeded',
      ]);
      expect(
        await listed({ owner: 'group:default/team-a', ungated: 'false' }),
      ).toEqual([
        'payments dev 1.1.0 succeeded',
        'payments dev 1.0.0 succeeded',
      ]);
      expect(
        await listed({
          service: 'payments',
          lastStage: 'true',
          state: 'failed',
        }),
      ).toEqual(['payments prod 1.1.0 failed']);
      expect(await listed({ stage: 'live', kind: 'rollback' })).toEqual([]);
      expect(
        await listed({
          stage: 'live',
          from: '2026-11-20T10:02:00Z',
          to: '2026-11-20T10:04:00Z',
        }),
      ).toEqual(['cart live 1.0.0 succeeded']);
    });

    it('filters by when deployments finished, as the figures count them', async () => {
      const { server, list, listed } = await backend();
      const at = (minute: number) =>
        new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
      const step = (type: string, stage: string, minute: number) => ({
        type,
        service: PAYMENTS,
        stage,
        version: '1.1.0',
        externalId: `payments-${stage}-slow`,
        occurredAt: at(minute),
      });
      await sendEvents(server, 'payments-slow', [
        step('deployment.started', 'staging', 10),
        step('deployment.started', 'prod', 20),
        step('deployment.succeeded', 'staging', 30),
      ]);
      const period = { finishedFrom: at(15), finishedTo: at(45) };
      // Still running: it has not finished in any period.
      expect(await listed({ service: 'payments', ...period })).toEqual([
        'payments staging 1.1.0 succeeded',
      ]);
      await sendEvents(server, 'payments-slow-done', [
        step('deployment.succeeded', 'prod', 50),
      ]);
      // Created before the period and finished in it; created in it and
      // finished after.
      expect(
        await listed({ owner: 'group:default/team-a', ...period }),
      ).toEqual(['payments staging 1.1.0 succeeded']);
      expect(
        await listed({
          owner: 'group:default/team-a',
          from: at(15),
          to: at(45),
        }),
      ).toEqual(['payments prod 1.1.0 succeeded']);
      const lastHour = {
        lastStage: 'true',
        finishedFrom: at(4),
        finishedTo: at(60),
      };
      expect((await listed(lastHour)).sort()).toEqual([
        'cart live 1.1.0 failed',
        'payments prod 1.1.0 failed',
        'payments prod 1.1.0 succeeded',
      ]);
      // Pages still follow creation, the finishing filter on each.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({
          ...lastHour,
          limit: 1,
          ...(cursor && { cursor }),
        }).expect(200);
        paged.push(...page.body.items.map((d: any) => d.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await list(lastHour).expect(200);
      expect(paged).toEqual(all.body.items.map((d: any) => d.id));
    });

    it('answers 404 for a service the reader may not see, and 400 for bad filters, changing nothing', async () => {
      const { list, knex } = await backend();
      const before = await ledgerSnapshot(knex);
      await list({ service: 'secret' }).expect(404);
      await list({ service: 'secret', lastStage: 'true' }).expect(404);
      const bad: Record<string, string>[] = [
        { stage: 'prod', lastStage: 'true' },
        { owner: 'group:default/team-a', cursor: 'garbage' },
        { outcome: 'succeeded' },
        { ungated: 'maybe' },
        { system: 'shop', from: 'yesterday' },
        { finishedTo: 'tomorrow' },
        {
          owner: 'group:default/team-a',
          finishedFrom: '2026-11-20T11:00:00Z',
          finishedTo: '2026-11-20T10:00:00Z',
        },
        { owner: '' },
      ];
      for (const query of bad) {
        const response = await list(query);
        expect({ query, status: response.status }).toEqual({
          query,
          status: 400,
        });
      }
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });
  });
});
