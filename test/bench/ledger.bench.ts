/*
 * Ledger benchmark: loads PostgreSQL with an organisation's two years of
 * history (5,000 services, 1,000,000 versions with their changes,
 * 10,000,000 deployments), starts the release-trains backend on it in its
 * own process, and prints each read and ingestion path beside baselines
 * measured in the same run: the plugin's authenticated no-op route (the
 * HTTP floor), the same SQL statements through a plain `pg` pool, and plain
 * multi-row INSERTs of the same rows. Then runs the graph benchmark in
 * Chromium, and writes every figure to test/bench/output/results.json.
 *
 *   scripts/dev.sh yarn bench            # drops, loads and measures
 *   scripts/dev.sh yarn bench --reuse    # keeps a database loaded before
 *
 * Needs PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432).
 */
import knexFactory from 'knex';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startBackendProcess } from '../support/startBackendProcess.mts';
import { benchClient } from './ledger/http.ts';
import { benchIngestion } from './ledger/ingestion.ts';
import { loadDataset } from './ledger/load.ts';
import { machineFacts, watchMemory } from './ledger/machine.ts';
import { SERVICES, TRAINS, trainName } from './ledger/organisation.ts';
import { plansOf } from './ledger/plans.ts';
import { measureRead, readsOf } from './ledger/reads.ts';
import { printFigures, targetsOf } from './ledger/report.ts';
import { summarise, time } from './ledger/stats.ts';

const READ_SAMPLES = 200;
const PORT = 7077;
const DATABASE = 'rt_bench_release-trains';
const OUTPUT = join(import.meta.dirname, 'output');
const reuse = process.argv.includes('--reuse');
const postgresUrl =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const token = randomBytes(24).toString('hex');
const secret = randomBytes(24).toString('hex');

/**
 * Ten trains on weekdays, frozen from a day before the run to a day after
 * it: the schedule has its departures and cancellations to show, and no
 * train leaves in the middle of the measurements.
 */
function trainsConfig() {
  const day = 86_400_000;
  const freeze = {
    start: new Date(Date.now() - day).toISOString(),
    end: new Date(Date.now() + day).toISOString(),
    reason: 'Benchmark',
  };
  return Object.fromEntries(
    Array.from({ length: TRAINS }, (_, t) => [
      trainName(t),
      {
        title: `Train ${t}`,
        schedule: { cron: `0 ${8 + t} * * 1-5`, timeZone: 'Europe/Berlin' },
        cutoffMinutes: 30,
        freezes: [freeze],
      },
    ]),
  );
}

async function dropDatabase() {
  const admin = knexFactory({ client: 'pg', connection: postgresUrl });
  await admin.raw(`drop database if exists "${DATABASE}"`);
  await admin.destroy();
}

async function settle(db: knexFactory.Knex) {
  await db.raw('vacuum analyze');
  await db.raw('checkpoint');
}

/** The graph benchmark's figures, measured in Chromium by its own script. */
function benchGraph(): unknown {
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, 'graph.bench.ts')],
    {
      stdio: 'inherit',
    },
  );
  const file = join(OUTPUT, 'graph.json');
  return existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8')).graph
    : undefined;
}

async function main() {
  const started = Date.now();
  if (!reuse) await dropDatabase();
  const backend = await startBackendProcess({
    port: PORT,
    postgresUrl,
    prefix: 'rt_bench_',
    token,
    services: SERVICES,
    env: { RT_TEST_BENCHMARK: '1', LOG_LEVEL: 'warn' },
    releaseTrains: {
      ingestion: { sources: { bench: { secret, allServices: true } } },
      trains: trainsConfig(),
    },
  });
  const memory = watchMemory(backend.pid!);
  const connection = `${postgresUrl}/${DATABASE}`;
  const db = knexFactory({ client: 'pg', connection, pool: { max: 2 } });
  const pool = new pg.Pool({ connectionString: connection, max: 10 });
  const client = benchClient({
    baseUrl: `http://127.0.0.1:${PORT}/api/release-trains`,
    token,
    source: 'bench',
    secret,
  });
  try {
    const loaded = await loadDataset(db, reuse);
    console.log(
      loaded.reused
        ? `Reused the loaded database: ${loaded.deployments} deployments`
        : `Loaded ${loaded.services} services, ${loaded.versions} versions, ${
            loaded.changes
          } changes, ${loaded.deployments} deployments, ${
            loaded.transitions
          } transitions in ${loaded.seconds.toFixed(0)} s`,
    );
    // The first report works out every service's DORA facts (as the
    // scheduled task would); then the database settles again.
    const facts = await time(() =>
      client.get(
        `/insights/dora?from=${encodeURIComponent(
          new Date(Date.now() - 180 * 86_400_000).toISOString(),
        )}&bucket=week`,
      ),
    );
    if (!loaded.reused) await settle(db);
    console.log(
      `DORA facts worked out by the first report in ${(facts / 1000).toFixed(
        1,
      )} s`,
    );

    // What any request of the plugin costs before its route does anything.
    for (let i = 0; i < 20; i++) await client.get('/bench/noop');
    const floorSamples: number[] = [];
    for (let i = 0; i < READ_SAMPLES; i++) {
      floorSamples.push(await time(() => client.get('/bench/noop')));
    }
    const floor = summarise(floorSamples);
    const memoryOf = async () => {
      const usage = (await client.get('/bench/memory')) as NodeJS.MemoryUsage;
      return {
        rssMB: Math.round(usage.rss / 2 ** 20),
        heapUsedMB: Math.round(usage.heapUsed / 2 ** 20),
      };
    };
    const memoryByPhase: Record<string, unknown> = {
      afterFacts: await memoryOf(),
    };
    const ingestion = await benchIngestion(client, pool);
    memoryByPhase.afterIngestion = await memoryOf();
    const reads = [];
    for (const read of await readsOf(pool, READ_SAMPLES)) {
      reads.push(await measureRead(client, pool, read));
      console.log(`  measured ${read.name}`);
    }
    memoryByPhase.afterReads = await memoryOf();
    const plans = await plansOf(pool, reads);
    const backendMemory = memory.stop();
    const ledgerSeconds = (Date.now() - started) / 1000;
    await pool.end();
    await db.destroy();
    backend.kill('SIGTERM');

    const graph = benchGraph();
    const figures = {
      at: new Date().toISOString(),
      suiteMinutes: (Date.now() - started) / 60_000,
      machine: await machineFactsOnce(connection),
      dataset: loaded,
      ledgerSeconds,
      floor,
      reads,
      ingestion,
      backendMemory: { ...backendMemory, byPhase: memoryByPhase },
      graph,
    };
    const targets = targetsOf(figures);
    printFigures(figures, targets);
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(
      join(OUTPUT, 'results.json'),
      `${JSON.stringify(
        {
          ...figures,
          reads: reads.map(({ example, ...read }) => read),
          targets,
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(OUTPUT, 'plans.txt'), plans);
    console.log(
      `\nThe whole suite took ${((Date.now() - started) / 60_000).toFixed(
        1,
      )} minutes; figures written to ${join(OUTPUT, 'results.json')}`,
    );
  } finally {
    backend.kill('SIGTERM');
  }
}

async function machineFactsOnce(connection: string) {
  const pool = new pg.Pool({ connectionString: connection, max: 1 });
  try {
    return await machineFacts(pool);
  } finally {
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
