/*
 * Issues the statements a request issued, captured by the bench module,
 * through a plain `pg` pool: each statement starts once every statement
 * that had ended before it started has ended again, so the order and the
 * parallelism are the request's; a transaction's statements share one
 * connection.
 */
import type { Pool, PoolClient } from 'pg';
import type { CapturedStatement } from './benchModule.ts';

export async function replay(
  pool: Pool,
  statements: CapturedStatement[],
): Promise<void> {
  const ordered = [...statements].sort((a, b) => a.startedAt - b.startedAt);
  const lastOf = new Map<string, number>();
  ordered.forEach((s, i) => s.transaction && lastOf.set(s.transaction, i));
  const connections = new Map<string, Promise<PoolClient>>();
  const issued: Promise<unknown>[] = [];
  ordered.forEach((statement, i) => {
    const before = issued.filter(
      (_, j) => ordered[j].endedAt <= statement.startedAt,
    );
    issued.push(
      Promise.all(before).then(async () => {
        const { transaction } = statement;
        if (!transaction) {
          return pool.query(statement.sql, statement.bindings);
        }
        if (!connections.has(transaction)) {
          connections.set(transaction, pool.connect());
        }
        const connection = await connections.get(transaction)!;
        try {
          return await connection.query(statement.sql, statement.bindings);
        } finally {
          if (lastOf.get(transaction) === i) connection.release();
        }
      }),
    );
  });
  await Promise.all(issued);
}
