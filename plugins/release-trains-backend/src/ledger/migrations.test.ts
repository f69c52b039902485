import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-release-trains-backend',
  'migrations',
);

jest.setTimeout(60_000);

describe('ledger migrations', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'creates and drops the deployments table on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest({ directory: migrationsDir });
      const columns = await knex('deployments').columnInfo();
      expect(Object.keys(columns).sort()).toEqual([
        'created_at',
        'created_by',
        'id',
        'kind',
        'service_ref',
        'stage',
        'version',
      ]);

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('deployments')).toBe(false);

      await knex.destroy();
    },
  );
});
