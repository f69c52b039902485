import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-release-trains-backend',
  'migrations',
);

/** Runs the plugin's migrations to the latest version. */
export async function migrateLedger(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}
