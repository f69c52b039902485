import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const LEDGER_TEST_DATABASE_IDS: TestDatabaseId[] = ['POSTGRES_17', 'SQLITE_3'];

/**
 * The engines the ledger is tested on: SQLite always, PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING points at a server.
 * In CI a missing PostgreSQL fails the run instead of silently skipping it.
 */
export function createLedgerTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: LEDGER_TEST_DATABASE_IDS });
  if (process.env.CI && !databases.supports('POSTGRES_17')) {
    throw new Error(
      'CI is set but no PostgreSQL is configured: set BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING',
    );
  }
  return databases;
}
