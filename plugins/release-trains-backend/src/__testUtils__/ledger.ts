import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateLedger } from '../ledger/DeploymentStore';

/** A fresh, migrated ledger database on the given engine. */
export async function createLedgerDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await migrateLedger(knex);
  return knex;
}

/** Row counts of every ledger table, to prove a request wrote nothing. */
export async function countLedgerRows(
  knex: Knex,
): Promise<Record<string, number>> {
  const tables = [
    'deployments',
    'deployment_transitions',
    'stage_state',
    'versions',
    'changes',
    'change_issue_keys',
    'version_changes',
    'ingestion_deliveries',
    'approvals',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}
