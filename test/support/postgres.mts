/*
 * The PostgreSQL server the process-level tests (fault, production config,
 * benchmarks) start backends against, and the clean-up of what they made.
 */
import pg from 'pg';

export const postgresUrl =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The `skip` option of a test that needs PostgreSQL: required in CI, so a
 * missing server fails there; elsewhere the test skips without one.
 */
export async function skipWithoutPostgres(): Promise<string | false> {
  return !process.env.CI && !(await postgresReachable())
    ? 'no PostgreSQL at BENCH_POSTGRES_URL'
    : false;
}

/** Drops every database whose name starts with `prefix`. */
export async function dropDatabases(prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `select datname from pg_database where datname like $1`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}
