/*
 * Ingestion through POST /events (HMAC-signed), beside its baselines
 * measured in the same run: the floor's requests per second with the same
 * number in flight, and the same rows written by plain multi-row INSERTs.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { BenchClient } from './http.ts';
import { pickService } from './reads.ts';
import { inParallel, throughput } from './stats.ts';

export type IngestionFigures = {
  /** Authenticated no-op requests per second, 8 in flight. */
  floorRequestsPerSecond: number;
  singleEventsPerSecond: number;
  batchedEventsPerSecond: number;
  rawInsertRowsPerSecond: number;
};

const SINGLES = 2_000;
const BATCHES = 40;
const BATCH_SIZE = 500;

export async function benchIngestion(
  client: BenchClient,
  pool: Pool,
): Promise<IngestionFigures> {
  // External ids are new in every run, so that a reused ledger applies them.
  const run = randomUUID().slice(0, 8);
  const event = (i: number) => ({
    type: 'deployment.succeeded',
    service: pickService(),
    stage: 'dev',
    version: '1.0.1',
    externalId: `bench-${run}-${i}`,
    occurredAt: new Date().toISOString(),
  });
  const batch = (first: number) => ({
    events: Array.from({ length: BATCH_SIZE }, (_, i) => event(first + i)),
  });

  await throughput(200, 8, () => client.get('/bench/noop'));
  const floorRequestsPerSecond = await throughput(SINGLES, 8, () =>
    client.get('/bench/noop'),
  );
  await inParallel(100, 8, async i =>
    client.postEvents(event(i), `${run}-warm-${i}`),
  );
  const singleEventsPerSecond = await throughput(SINGLES, 8, i =>
    client.postEvents(event(1_000 + i), `${run}-single-${i}`),
  );
  for (let w = 0; w < 2; w++) {
    await client.postEvents(batch(10_000 + w * BATCH_SIZE), `${run}-w${w}`);
  }
  const batchedEvents =
    BATCH_SIZE *
    (await throughput(BATCHES, 2, b =>
      client.postEvents(batch(100_000 + b * BATCH_SIZE), `${run}-batch-${b}`),
    ));
  const rawBatches = await throughput(BATCHES, 2, b =>
    insertRows(pool, `${run}-raw-${b}`),
  );
  return {
    floorRequestsPerSecond,
    singleEventsPerSecond,
    batchedEventsPerSecond: batchedEvents,
    rawInsertRowsPerSecond: rawBatches * BATCH_SIZE,
  };
}

/**
 * The rows a batch of 500 deployment events leaves in the ledger — a
 * deployment and its transition each — by two multi-row INSERTs in one
 * transaction.
 */
async function insertRows(pool: Pool, prefix: string) {
  const now = new Date();
  const ids = Array.from({ length: BATCH_SIZE }, () => randomUUID());
  const services = ids.map(() => pickService());
  const connection = await pool.connect();
  try {
    await connection.query('begin');
    await connection.query(
      `insert into deployments (id, service_ref, stage, version, kind, state, created_by, created_at,
                                started_at, finished_at, external_id)
       values ${ids
         .map(
           (_, i) =>
             `($${i * 4 + 1}, $${
               i * 4 + 2
             }, 'dev', '1.0.1', 'deploy', 'succeeded', 'ci:bench',
               $${i * 4 + 3}, $${i * 4 + 3}, $${i * 4 + 3}, $${i * 4 + 4})`,
         )
         .join(', ')}`,
      ids.flatMap((id, i) => [id, services[i], now, `${prefix}-${i}`]),
    );
    await connection.query(
      `insert into deployment_transitions (deployment_id, from_state, to_state, cause, delivery_id, at)
       values ${ids
         .map(
           (_, i) =>
             `($${i * 3 + 1}, null, 'succeeded', 'ci', $${i * 3 + 2}, $${
               i * 3 + 3
             })`,
         )
         .join(', ')}`,
      ids.flatMap(id => [id, prefix, now]),
    );
    await connection.query('commit');
  } finally {
    connection.release();
  }
}
