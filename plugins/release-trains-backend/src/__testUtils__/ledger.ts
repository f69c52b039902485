import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateLedger } from '../ledger/migrations';

/** A fresh, migrated ledger database on the given engine. */
export async function createLedgerDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await migrateLedger(knex);
  return knex;
}

/** Every table of the ledger. */
export const LEDGER_TABLES = [
  'services',
  'service_requirements',
  'versions',
  'changes',
  'change_issue_keys',
  'version_changes',
  'deployments',
  'deployment_transitions',
  'stage_state',
  'approvals',
  'ingestion_deliveries',
  'train_runs',
  'train_run_items',
  'rollouts',
  'rollout_measurements',
  'health_reports',
] as const;

/**
 * Every row of every ledger table, each table's rows in a stable order, to
 * prove a request changed nothing at all (not merely the number of rows).
 */
export async function ledgerSnapshot(
  knex: Knex,
): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of LEDGER_TABLES) {
    const rows: Record<string, unknown>[] = await knex(table).select();
    snapshot[table] = rows
      .map(row =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
        ),
      )
      .sort();
  }
  return snapshot;
}
