import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  component,
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const dependsOn = (entity: Entity, ...targets: string[]): Entity => ({
  ...entity,
  relations: targets.map(targetRef => ({ type: 'dependsOn', targetRef })),
});

const onPipeline = (requires?: string) => ({
  'release-trains/pipeline': 'default',
  ...(requires && { 'release-trains/requires': requires }),
});

const entities = [
  component('payments'),
  dependsOn(
    component('checkout', onPipeline('payments: ">=1.7 <2"\ncart: "^3"')),
    'component:default/payments',
    'component:default/cart',
  ),
  component('cart', onPipeline('pricing: "not a range"')),
  component('orders', onPipeline('payments: ">=2.0.0-0"')),
  component('pricing'),
];

const deployed = (service: string, stage: string, version: string) => ({
  type: 'deployment.succeeded',
  service,
  stage,
  version,
  deploymentId: `${service}-${stage}-${version}`,
  occurredAt: '2026-11-20T10:00:00.000Z',
});

type Edge = { from: string; to: string; verdict: string; reason: string };
const short = (edges: Edge[]) =>
  edges.map(
    e =>
      `${e.from.replace('component:default/', '')} → ${e.to.replace(
        'component:default/',
        '',
      )}: ${e.verdict}`,
  );

describe('dependency graph', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'judges every requirement per stage, and scopes and filters the graph (%p)',
    async databaseId => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        entities,
      });
      for (const entity of entities) {
        // Looking a service up puts it in the ledger, as the sync would.
        await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service: entity.metadata.name })
          .expect(200);
      }
      await sendEvents(server, 'deploys', [
        deployed('payments', 'prod', '1.9.0'),
        deployed('cart', 'prod', '3.1.0'),
        deployed('payments', 'dev', '2.0.0-rc.1'),
      ]);
      const graph = async (query: object) =>
        (
          await request(server)
            .get('/api/release-trains/graph')
            .query(query)
            .expect(200)
        ).body;

      const prod = await graph({ stage: 'prod' });
      expect(short(prod.edges)).toEqual([
        'cart → pricing: invalid',
        'checkout → cart: satisfied',
        'checkout → payments: satisfied',
        'orders → payments: violated',
      ]);
      expect(prod.edges[0].reason).toBe(
        "component:default/pricing: 'not a range' is not a valid semver range",
      );
      expect(prod.nodes).toContainEqual({
        service: 'component:default/payments',
        owner: 'group:default/team-a',
        runningVersion: '1.9.0',
      });

      // dev: a pre-release inside a range counts; one above a range does not;
      // a service that runs nothing there violates the requirement.
      expect(short((await graph({ stage: 'dev' })).edges)).toEqual([
        'cart → pricing: invalid',
        'checkout → cart: violated',
        'checkout → payments: violated',
        'orders → payments: satisfied',
      ]);

      const aroundCart = await graph({ stage: 'prod', service: 'cart' });
      expect(short(aroundCart.edges)).toEqual([
        'cart → pricing: invalid',
        'checkout → cart: satisfied',
      ]);
      expect(
        aroundCart.nodes.map((n: { service: string }) => n.service),
      ).toEqual([
        'component:default/cart',
        'component:default/checkout',
        'component:default/pricing',
      ]);

      expect(
        short((await graph({ stage: 'prod', violations: true })).edges),
      ).toEqual(['cart → pricing: invalid', 'orders → payments: violated']);
    },
  );

  it('answers 400 without a stage', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server).get('/api/release-trains/graph');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/required property 'stage'/);
  });
});
