import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

const migrationsDir = resolvePackagePath(
  '@release-trains/plugin-release-trains-backend',
  'migrations',
);

jest.setTimeout(60_000);

const ledgerTables = [
  'services',
  'versions',
  'changes',
  'change_issue_keys',
  'version_changes',
  'deployment_transitions',
  'stage_state',
  'ingestion_deliveries',
  'approvals',
  'train_runs',
  'train_run_items',
];

describe('ledger migrations', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'migrates up with existing deployments and all the way down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const config = { directory: migrationsDir };

      await knex.migrate.up(config);
      await knex('deployments').insert([
        {
          id: 'a',
          service_ref: 'component:default/payments',
          stage: 'prod',
          version: '1.0.0',
          kind: 'deploy',
          created_by: 'user:default/ana',
          created_at: new Date('2026-11-01T10:00:00.000Z'),
        },
        {
          id: 'b',
          service_ref: 'component:default/payments',
          stage: 'prod',
          version: '1.1.0',
          kind: 'promote',
          created_by: 'user:default/ana',
          created_at: new Date('2026-11-02T10:00:00.000Z'),
        },
      ]);

      await knex.migrate.latest(config);
      for (const table of ledgerTables) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      const deployments = await knex('deployments').orderBy('id');
      expect(deployments.map(d => d.state)).toEqual(['succeeded', 'succeeded']);
      expect(new Date(deployments[1].finished_at).toISOString()).toBe(
        '2026-11-02T10:00:00.000Z',
      );
      const [prod] = await knex('stage_state');
      expect(prod).toMatchObject({
        service_ref: 'component:default/payments',
        stage: 'prod',
        current_deployment_id: 'b',
        current_version: '1.1.0',
        // Both ran in prod before gates were counted: both passed.
        deployments_ran: 2,
        deployments_gated: 2,
      });
      expect((await knex('deployments').pluck('ungated')).map(Boolean)).toEqual(
        [false, false],
      );

      await knex.migrate.rollback(config, true);
      for (const table of [...ledgerTables, 'deployments']) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.destroy();
    },
  );
});
