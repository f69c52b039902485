import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  externalId: `${service}-${stage}-${version}`,
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

      // Two links away, either way: payments, then checkout through it.
      const aroundOrders = await graph({
        stage: 'prod',
        service: 'orders',
        depth: 2,
      });
      expect(short(aroundOrders.edges)).toEqual([
        'checkout → payments: satisfied',
        'orders → payments: violated',
      ]);
      expect(
        short((await graph({ stage: 'prod', service: 'orders' })).edges),
      ).toEqual(['orders → payments: violated']);

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

describe('dependency graph edges from APIs and requirements set through the API', () => {
  const databases = createLedgerTestDatabases();

  const withRelations = (
    entity: Entity,
    relations: Record<string, string[]>,
  ): Entity => ({
    ...entity,
    relations: Object.entries(relations).flatMap(([type, targets]) =>
      targets.map(targetRef => ({ type, targetRef })),
    ),
  });
  const apiEntities = [
    withRelations(component('payments'), {
      providesApi: ['api:default/payments-api'],
    }),
    withRelations(component('refunds'), {
      providesApi: ['api:default/payments-api'],
    }),
    withRelations(component('storefront', onPipeline('payments: "^1"')), {
      consumesApi: ['api:default/payments-api', 'api:default/external-api'],
      providesApi: ['api:default/storefront-api'],
    }),
    component('legacy', {}),
  ];

  it.each(databases.eachSupportedId())(
    'joins consumers to providers, and lets the API override a range (%p)',
    async databaseId => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        { entities: apiEntities },
      );
      for (const name of ['payments', 'refunds', 'storefront']) {
        await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service: name })
          .expect(200);
      }
      await sendEvents(server, 'deploys', [
        deployed('payments', 'prod', '1.9.0'),
      ]);
      const prodEdges = async () =>
        (
          await request(server)
            .get('/api/release-trains/graph')
            .query({ stage: 'prod' })
            .expect(200)
        ).body.edges;

      // An API consumed from two providers is two edges; one nobody in the
      // catalog provides is none.
      expect(await prodEdges()).toEqual([
        expect.objectContaining({
          from: 'component:default/storefront',
          to: 'component:default/payments',
          apis: ['api:default/payments-api'],
          range: '^1',
          rangeSource: 'annotation',
          verdict: 'satisfied',
        }),
        expect.objectContaining({
          from: 'component:default/storefront',
          to: 'component:default/refunds',
          apis: ['api:default/payments-api'],
          verdict: 'unknown',
        }),
      ]);

      // A provider's neighbourhood holds the consumers of its APIs.
      const aroundRefunds = await request(server)
        .get('/api/release-trains/graph')
        .query({ stage: 'prod', service: 'refunds' })
        .expect(200);
      expect(aroundRefunds.body.edges.map((e: Edge) => [e.from, e.to])).toEqual(
        [['component:default/storefront', 'component:default/refunds']],
      );

      const setRange = (range: string) =>
        request(server).put('/api/release-trains/requirements').send({
          service: 'storefront',
          dependency: 'payments',
          range,
        });
      const set = await setRange('>=2');
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        service: 'component:default/storefront',
        dependency: 'component:default/payments',
        range: '>=2',
        changed: true,
      });
      expect((await setRange('>=2')).body.changed).toBe(false);
      expect((await prodEdges())[0]).toMatchObject({
        range: '>=2',
        rangeSource: 'api',
        verdict: 'violated',
        reason: 'component:default/payments >=2 required, prod runs 1.9.0',
      });
      // The promotion's dependency gate reads the same requirement.
      await sendEvents(server, 'build', [
        {
          type: 'version.created',
          service: 'storefront',
          version: '1.0.0',
          commitSha: 'a'.repeat(40),
          builtAt: '2026-11-20T09:00:00.000Z',
        },
      ]);
      const check = await request(server)
        .get('/api/release-trains/promotions/check')
        .query({ service: 'storefront', version: '1.0.0', stage: 'dev' });
      expect(
        check.body.gates.find(
          (g: { gate: string }) => g.gate === 'dependencies',
        ),
      ).toMatchObject({ unmetRequirements: ['component:default/payments'] });

      await request(server)
        .delete('/api/release-trains/requirements')
        .query({ service: 'storefront', dependency: 'payments' })
        .expect(204);
      expect((await prodEdges())[0]).toMatchObject({
        range: '^1',
        rangeSource: 'annotation',
        verdict: 'satisfied',
      });
      expect(await knex('service_requirements').select()).toEqual([]);
    },
  );

  it.each([
    [
      { range: 'not a range' },
      400,
      /range: 'not a range' is not a valid semver range/,
    ],
    [
      { dependency: 'legacy' },
      400,
      /legacy has no release-trains\/pipeline annotation/,
    ],
    [
      { dependency: 'nowhere' },
      400,
      /dependency: component:default\/nowhere is not in the catalog/,
    ],
    [{ dependency: 'storefront' }, 400, /cannot require itself/],
    [{ service: 'nowhere' }, 404, /No service component:default\/nowhere/],
    [{ extra: true }, 400, /must NOT have additional properties/],
  ])(
    'refuses %p with %p and changes nothing',
    async (change, status, message) => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        'SQLITE_3',
        {
          entities: apiEntities,
        },
      );
      const refused = await request(server)
        .put('/api/release-trains/requirements')
        .send({
          service: 'storefront',
          dependency: 'payments',
          range: '^2',
          ...change,
        });
      expect(refused.status).toBe(status);
      expect(refused.body.error.message).toMatch(message);
      expect(await knex('service_requirements').select()).toEqual([]);
    },
  );

  it('refuses (403) whoever the policy does not allow', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
      {
        entities: apiEntities,
        permission: AuthorizeResult.DENY,
      },
    );
    const denied = await request(server)
      .put('/api/release-trains/requirements')
      .send({ service: 'storefront', dependency: 'payments', range: '^2' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Not allowed to set requirements of component:default/storefront',
    );
    expect(await knex('service_requirements').select()).toEqual([]);
  });
});
