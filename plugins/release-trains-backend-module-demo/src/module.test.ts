import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The test runs the module inside the real backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releaseTrainsPlugin from '@release-trains/plugin-release-trains-backend';
import { Knex } from 'knex';
import request from 'supertest';
import demoModule from '.';

jest.setTimeout(60_000);

/** The demo portal's configuration, as far as the module reads it. */
const releaseTrains = {
  pipelines: {
    default: {
      deployer: 'demo',
      stages: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }],
    },
  },
  trains: {
    express: {
      schedule: { cron: '0 10,15 * * 1-5', timeZone: 'Europe/Berlin' },
    },
  },
  deployers: { demo: { durationSeconds: 0 } },
  demo: { seed: true },
  // The test's service token reports builds as a CI source.
  ingestion: {
    sources: {
      ci: {
        subject: mockCredentials.service().principal.subject,
        allServices: true,
      },
    },
  },
};

async function startPortal(
  knex: Knex,
  options: { withDemo: boolean; config?: typeof releaseTrains },
) {
  return startTestBackend({
    features: [
      releaseTrainsPlugin,
      ...(options.withDemo ? [demoModule] : []),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { releaseTrains: options.config ?? releaseTrains },
      }),
      catalogServiceMock.factory({
        entities: ['payments', 'checkout'].map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            annotations: { 'release-trains/pipeline': 'default' },
          },
          spec: { type: 'service', owner: 'team-a' },
        })),
      }),
    ],
  });
}

describe('the demo module', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_17', 'SQLITE_3'] });
  if (process.env.CI && !databases.supports('POSTGRES_17')) {
    throw new Error(
      'CI is set but no PostgreSQL is configured: set BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING',
    );
  }

  it.each(databases.eachSupportedId())(
    'is what brings the demo deployer: without it a pipeline that names it does not start (%p)',
    async databaseId => {
      await expect(
        startPortal(await databases.init(databaseId), { withDemo: false }),
      ).rejects.toThrow(
        "Stage dev of pipeline default uses the deployer 'demo', which is not installed (installed: none)",
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'adds no demo deployer when releaseTrains.deployers.demo is not configured (%p)',
    async databaseId => {
      const { deployers: _, demo: __, ...withoutDemo } = releaseTrains;
      await expect(
        startPortal(await databases.init(databaseId), {
          withDemo: true,
          config: withoutDemo as typeof releaseTrains,
        }),
      ).rejects.toThrow(
        "Stage dev of pipeline default uses the deployer 'demo', which is not installed (installed: none)",
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'seeds the demo history once, and carries promotions out (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const seeded = async () => {
        const backend = await startPortal(knex, { withDemo: true });
        const { server } = backend;
        const pipeline = await request(server)
          .get('/api/release-trains/pipeline')
          .query({ service: 'payments' });
        const deployments = await request(server)
          .get('/api/release-trains/deployments')
          .query({ service: 'payments', limit: 100 });
        const runs = await request(server)
          .get('/api/release-trains/trains/runs')
          .query({ train: 'express' });
        return {
          backend,
          server,
          running: pipeline.body.stages.map(
            (stage: { current?: { version: string } }) =>
              stage.current?.version,
          ),
          deployments: deployments.body.items.map((d: { id: string }) => d.id),
          runs: runs.body.items,
        };
      };

      const first = await seeded();
      expect(new Set(first.running).size).toBe(3);
      expect(first.running).not.toContain(undefined);
      expect(first.deployments.length).toBeGreaterThan(10);
      expect(first.runs).toHaveLength(3);
      expect(first.runs[0]).toMatchObject({
        train: 'express',
        state: 'arrived',
        items: expect.arrayContaining([
          expect.objectContaining({
            service: 'component:default/payments',
            state: 'arrived',
          }),
        ]),
      });
      // Nine months of it, with failures and hotfixes the insights count.
      const dora = await request(first.server)
        .get('/api/release-trains/insights/dora')
        .query({
          service: 'payments',
          from: new Date(Date.now() - 270 * 86_400_000).toISOString(),
          bucket: 'month',
        });
      expect(dora.status).toBe(200);
      expect(dora.body.totals.deploymentFrequency.deployments).toBeGreaterThan(
        200,
      );
      expect(dora.body.totals.changeFailRate.count).toBeGreaterThan(0);
      expect(dora.body.totals.reworkRate.count).toBeGreaterThan(0);
      expect(dora.body.totals.leadTime.fromCommit.samples).toBeGreaterThan(0);
      await first.backend.stop();

      // Started again on the same database, it finds the history there.
      const second = await seeded();
      expect(second.running).toEqual(first.running);
      expect(second.deployments).toEqual(first.deployments);
      expect(second.runs.map((r: { id: string }) => r.id)).toEqual(
        first.runs.map((r: { id: string }) => r.id),
      );

      const [dev] = second.running;
      const promoted = await request(second.server)
        .post('/api/release-trains/promotions')
        .set('Authorization', mockCredentials.user.header('user:default/ana'))
        .send({ service: 'payments', version: dev });
      expect(promoted.status).toBe(201);
      expect(promoted.body).toMatchObject({
        stage: 'staging',
        deployer: 'demo',
        state: 'succeeded',
      });
    },
  );
});
