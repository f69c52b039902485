import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Where the plugin's knex migrations are, one file per schema version. */
export const migrationsDir = resolvePackagePath(
  '@release-trains/plugin-release-trains-backend',
  'migrations',
);

/** Runs the plugin's migrations to the latest version. */
export async function migrateLedger(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}
