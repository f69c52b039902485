/*
 * Ledger benchmark: loads PostgreSQL with 1,000 services and 1,000,000
 * deployments, starts the release-trains backend on it, and prints
 * ingestion throughput and read latencies through the HTTP API beside the
 * same reads done directly in SQL, in one run.
 *
 *   scripts/dev.sh yarn bench
 *
 * Needs PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432).
 */
import knexFactory, { type Knex } from 'knex';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { signReleaseTrainsRequest } from '../../plugins/release-trains-node/src/signature.ts';
import { startBackendProcess } from '../support/startBackendProcess.mts';

const SERVICES = 1_000;
const DEPLOYMENTS_PER_SERVICE = 1_000;
const VERSIONS_PER_SERVICE = 100;
const READ_SAMPLES = 400;
const PORT = 7077;
const DATABASE = 'rt_bench_release-trains';
const postgresUrl =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const token = randomBytes(24).toString('hex');
const secret = randomBytes(24).toString('hex');
const baseUrl = `http://127.0.0.1:${PORT}/api/release-trains`;

const serviceRef = (i: number) => `component:default/svc-${i}`;
const randomService = () =>
  serviceRef(1 + Math.floor(Math.random() * SERVICES));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(
  fn: () => Promise<unknown>,
  count = READ_SAMPLES,
): Promise<number[]> {
  for (let i = 0; i < Math.min(20, count); i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await time(fn));
  return samples;
}

/** A time `days` ago, for a query string. */
const ago = (days: number) =>
  encodeURIComponent(new Date(Date.now() - days * 86_400_000).toISOString());

/** Organisation-wide reads: fewer samples of them. */
const ORGANISATION_SAMPLES = 100;

/** The starts of the UTC weeks (from Monday) of `[from, to)`, `from` first. */
function weekStarts(from: number, to: number): number[] {
  const day = 86_400_000;
  const starts = [from];
  // 1970-01-05 was a Monday.
  let next = from - ((from - 4 * day) % (7 * day)) + 7 * day;
  for (; next < to; next += 7 * day) starts.push(next);
  return starts;
}

// A lean keep-alive client, so that the figures are the server's, not fetch's.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** GETs a path; resolves with the parsed body of a 200, or with `expected`. */
function getJson(path: string, expected = 200): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(
        `${baseUrl}${path}`,
        { agent, headers: { Authorization: `Bearer ${token}` } },
        response => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', chunk => (body += chunk));
          response.on('end', () =>
            response.statusCode === expected
              ? resolve(expected === 200 ? JSON.parse(body) : body)
              : reject(new Error(`${path}: ${response.statusCode} ${body}`)),
          );
        },
      )
      .on('error', reject);
  });
}

async function postEvents(body: unknown, deliveryId: string) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${baseUrl}/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Release-Trains-Delivery': deliveryId,
      'X-Release-Trains-Source': 'bench',
      'X-Release-Trains-Signature': signReleaseTrainsRequest({
        body: raw,
        deliveryId,
        secret,
      }),
    },
    body: raw,
  });
  if (response.status !== 200)
    throw new Error(`events: ${response.status} ${await response.text()}`);
}

async function inParallel(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function recreateDatabase() {
  const admin = knexFactory({ client: 'pg', connection: postgresUrl });
  await admin.raw(`drop database if exists "${DATABASE}"`);
  await admin.destroy();
}

async function startBackend() {
  // The backend runs in its own process, as it would for real clients.
  return startBackendProcess({
    port: PORT,
    postgresUrl,
    prefix: 'rt_bench_',
    token,
    services: SERVICES,
    releaseTrains: {
      ingestion: { sources: { bench: { secret, allServices: true } } },
    },
  });
}

function stopBackend(backend: ChildProcess) {
  backend.removeAllListeners('exit');
  backend.kill('SIGTERM');
}

async function load(db: Knex) {
  const started = Date.now();
  await db.raw(
    `insert into services select 'component:default/svc-' || i, 'default', null, 'team-bench', null, '[]', now()
     from generate_series(1, ?) i`,
    [SERVICES],
  );
  await db.raw(
    `insert into versions (service_ref, version, commit_sha, built_at)
     select 'component:default/svc-' || s, '1.0.' || v, md5(s || '-' || v) || substr(md5(v || '-' || s), 1, 8),
            now() - ((? - v) * interval '1 hour')
     from generate_series(1, ?) s, generate_series(1, ?) v`,
    [VERSIONS_PER_SERVICE, SERVICES, VERSIONS_PER_SERVICE],
  );
  await db.raw(
    `insert into changes (service_ref, commit_sha, pr_number, title, author, merged_at, issue_keys)
     select service_ref, commit_sha, id, 'Change ' || id, 'author-' || (id % 200), built_at - interval '10 minutes',
            '["BEN-' || id || '"]'
     from versions`,
  );
  await db.raw(
    `insert into change_issue_keys select id, 'BEN-' || pr_number from changes`,
  );
  await db.raw(
    `insert into version_changes select v.id, c.id from versions v
     join changes c on c.service_ref = v.service_ref and c.commit_sha = v.commit_sha`,
  );
  await db.raw(
    `insert into deployments (id, service_ref, stage, version, kind, state, created_by, created_at, finished_at)
     select gen_random_uuid()::text, 'component:default/svc-' || s,
            (array['dev', 'staging', 'prod'])[1 + k % 3],
            '1.0.' || (1 + (k * ? / ?)),
            case when k % 3 = 0 then 'deploy' else 'promote' end,
            case when k % 50 = 0 then 'failed' else 'succeeded' end,
            'user:default/bench', now() - ((? - k) * interval '5 minutes'),
            now() - ((? - k) * interval '5 minutes') + interval '2 minutes'
     from generate_series(1, ?) s, generate_series(0, ? - 1) k`,
    [
      VERSIONS_PER_SERVICE - 1,
      DEPLOYMENTS_PER_SERVICE,
      DEPLOYMENTS_PER_SERVICE,
      DEPLOYMENTS_PER_SERVICE,
      SERVICES,
      DEPLOYMENTS_PER_SERVICE,
    ],
  );
  await db.raw(
    `insert into deployment_transitions (deployment_id, from_state, to_state, cause, at)
     select id, null, state, 'bench', created_at from deployments`,
  );
  await db.raw(
    `insert into stage_state (service_ref, stage, current_deployment_id, current_version, current_since)
     select service_ref, stage, id, version, finished_at from (
       select d.*, row_number() over (partition by service_ref, stage order by finished_at desc) as position
       from deployments d where state = 'succeeded') ranked
     where position = 1`,
  );
  // Loaded behind the ledger's back, which marks the DORA facts of what it
  // writes out of date: drop any worked out before the load.
  await db.raw(
    'truncate dora_fact_sources, dora_fact_marks, dora_deployment_facts, dora_change_facts, dora_hourly_counts',
  );
  // Settle the database so that autovacuum and checkpoints after the load do
  // not fall into the measurements.
  await db.raw('vacuum analyze');
  await db.raw('checkpoint');
  const [{ n }] = await db('deployments').count({ n: '*' });
  return { seconds: (Date.now() - started) / 1000, deployments: Number(n) };
}

async function benchIngestion() {
  const deploymentEvent = (i: number, type: string) => ({
    type,
    service: randomService(),
    stage: 'dev',
    version: '1.0.100',
    externalId: `bench-${i}`,
    occurredAt: new Date().toISOString(),
  });
  const singles = 2_000;
  let start = Date.now();
  await inParallel(singles, 8, async i =>
    postEvents(deploymentEvent(i, 'deployment.succeeded'), `single-${i}`),
  );
  const single = singles / ((Date.now() - start) / 1000);

  const batches = 40;
  const batchSize = 500;
  const batchOf = (first: number) => ({
    events: Array.from({ length: batchSize }, (_, i) =>
      deploymentEvent(first + i, 'deployment.succeeded'),
    ),
  });
  for (let w = 0; w < 2; w++)
    await postEvents(batchOf(50_000 + w * batchSize), `warm-up-${w}`);
  start = Date.now();
  await inParallel(batches, 2, async b =>
    postEvents(
      {
        events: Array.from({ length: batchSize }, (_, i) =>
          deploymentEvent(100_000 + b * batchSize + i, 'deployment.succeeded'),
        ),
      },
      `batch-${b}`,
    ),
  );
  const batched = (batches * batchSize) / ((Date.now() - start) / 1000);
  return { single, batched };
}

/*
 * The SQL side of each read issues the statements the API issues for it
 * (the same shape, the same order, the same parallelism), written by hand.
 */
const serviceRow = (db: Knex, service: string) =>
  db.raw(`select * from services where service_ref in (?)`, [service]);

const waitingSql = (
  db: Knex,
  service: string,
  stage: string,
  passed?: string,
) =>
  db.raw(
    `select v.version, v.commit_sha, v.built_at from versions v
     where v.service_ref = ?
       and (v.built_at > (select w.built_at from stage_state s join versions w
                          on w.service_ref = s.service_ref and w.version = s.current_version
                          where s.service_ref = ? and s.stage = ? and s.current_version is not null)
            or not exists (select s.stage from stage_state s
                           where s.service_ref = ? and s.stage = ? and s.current_version is not null))
       ${
         passed
           ? `and exists (select 1 from deployments d where d.service_ref = ? and d.stage = ?
                          and d.state = 'succeeded' and d.version = v.version)`
           : ''
       }
     order by v.built_at desc, v.id desc limit 10`,
    [
      service,
      service,
      stage,
      service,
      stage,
      ...(passed ? [service, passed] : []),
    ],
  );

async function benchReads(db: Knex) {
  const pipelineApi = await measure(() =>
    getJson(`/pipeline?service=${randomService()}`),
  );
  const pipelineSql = await measure(async () => {
    const service = randomService();
    await serviceRow(db, service);
    await Promise.all([
      db.raw(`select * from stage_state where service_ref = ?`, [service]),
      db.raw(
        `select * from deployments
         where id in (select current_deployment_id from stage_state where service_ref = ?
                      union select in_flight_deployment_id from stage_state where service_ref = ?)`,
        [service, service],
      ),
      waitingSql(db, service, 'dev'),
      waitingSql(db, service, 'staging', 'dev'),
      waitingSql(db, service, 'prod', 'staging'),
    ]);
  });

  const historyApi = await measure(() =>
    getJson(`/deployments?service=${randomService()}&limit=50`),
  );
  const historySql = await measure(() =>
    db.raw(
      `select * from deployments where service_ref = ? order by created_at desc, id desc limit 51`,
      [randomService()],
    ),
  );

  const shas: string[] = (
    await db.raw(`select commit_sha from changes order by random() limit 200`)
  ).rows.map((r: { commit_sha: string }) => r.commit_sha.slice(0, 10));
  const randomSha = () => shas[Math.floor(Math.random() * shas.length)];
  const changeApi = await measure(() => getJson(`/changes?sha=${randomSha()}`));
  const changeSql = await measure(async () => {
    const prefix = randomSha();
    const { rows } = await db.raw(
      `select c.* from changes c where c.commit_sha >= ? and c.commit_sha < ?
       order by c.merged_at desc, c.id desc limit 20`,
      [prefix, prefix + 'g'],
    );
    if (rows.length === 0) return;
    const carriers = await db.raw(
      `select v.*, vc.change_id from version_changes vc join versions v on v.id = vc.version_id
       where vc.change_id in (${rows.map(() => '?').join(', ')})`,
      rows.map((row: { id: number }) => row.id),
    );
    await serviceRow(db, rows[0].service_ref);
    for (const row of rows) {
      await db.raw(
        `select s.stage, s.current_version, v.built_at from stage_state s
         left join versions v on v.service_ref = s.service_ref and v.version = s.current_version
         where s.service_ref = ? and s.stage in ('dev', 'staging', 'prod')`,
        [row.service_ref],
      );
      await db.raw(
        `select * from (
           select d.stage, d.finished_at, v.built_at,
                  row_number() over (partition by d.stage order by d.finished_at desc) as position
           from deployments d
           left join versions v on v.service_ref = d.service_ref and v.version = d.version
           where d.service_ref = ? and d.stage in ('dev', 'staging', 'prod')
             and d.state in ('succeeded', 'rolled-back')) recent
         where position <= 200 order by stage, position`,
        [row.service_ref],
      );
    }
    return carriers;
  });
  // DORA: the API reads the services in scope, checks that their facts are
  // current (the sources and marks), then adds the facts up: hourly counts,
  // the facts of the hours a bucket edge cuts, and the median and p90 of
  // each duration — five statements at once.
  const doraSql = (services: string[], days: number) => async () => {
    const to = Date.now();
    const from = to - days * 86_400_000;
    const hour = 3_600_000;
    const starts = weekStarts(from, to);
    const cut = [from - (from % hour), to - (to % hour)];
    await db.raw(
      `select * from services where service_ref = any(?) order by service_ref`,
      [services],
    );
    await db.raw(`select * from dora_fact_sources where service_ref = any(?)`, [
      services,
    ]);
    await db.raw(`select * from dora_fact_marks where service_ref = any(?)`, [
      services,
    ]);
    const cutPart = `select cast(? as bigint) as at, count(*) as deployments,
        sum(case when ran then 1 else 0 end) as ran, sum(case when is_change then 1 else 0 end) as changes,
        sum(case when is_change and failed then 1 else 0 end) as failed_changes,
        sum(case when rework then 1 else 0 end) as rework
      from dora_deployment_facts where service_ref = any(?) and finished_at >= ? and finished_at < ?`;
    const ranked = (table: string, at: string, column: string) =>
      db.raw(
        `select width_bucket(${at}, cast(? as timestamptz[])) as bucket, count(${column}) as samples,
           percentile_disc(array[0.5, 0.9]) within group (order by ${column}) as ranks
         from ${table} where service_ref = any(?) and ${at} >= ? and ${at} < ? and ${column} is not null
         group by grouping sets ((1), ())`,
        [starts.map(s => new Date(s)), services, new Date(from), new Date(to)],
      );
    await Promise.all([
      db.raw(
        `select hour, sum(deployments), sum(ran), sum(changes), sum(failed_changes), sum(rework)
         from dora_hourly_counts where service_ref = any(?) and hour >= ? and hour < ? group by hour`,
        [services, new Date(cut[0] + hour), new Date(cut[1])],
      ),
      db.raw(`${cutPart} union all ${cutPart}`, [
        cut[0] + hour,
        services,
        new Date(from),
        new Date(cut[0] + hour),
        cut[1],
        services,
        new Date(cut[1]),
        new Date(to),
      ]),
      ranked('dora_deployment_facts', 'finished_at', 'recovery_ms'),
      ranked('dora_change_facts', 'arrived_at', 'from_commit_ms'),
      ranked('dora_change_facts', 'arrived_at', 'from_merge_ms'),
    ]);
  };
  const doraServiceApi = await measure(() =>
    getJson(
      `/insights/dora?service=${randomService()}&from=${ago(90)}&bucket=week`,
    ),
  );
  const doraServiceSql = await measure(() => doraSql([randomService()], 90)());
  const everyService = Array.from({ length: SERVICES }, (_, i) =>
    serviceRef(i + 1),
  );
  const doraOrganisationApi = await measure(
    () => getJson(`/insights/dora?from=${ago(180)}&bucket=week`),
    ORGANISATION_SAMPLES,
  );
  const doraOrganisationSql = await measure(
    doraSql(everyService, 180),
    ORGANISATION_SAMPLES,
  );
  return [
    ['DORA, one service, 90 days', doraServiceApi, doraServiceSql],
    ['DORA, organisation, 180 d', doraOrganisationApi, doraOrganisationSql],
    ['pipeline view', pipelineApi, pipelineSql],
    ['history page (50)', historyApi, historySql],
    ['where is my change (SHA)', changeApi, changeSql],
  ] as const;
}

async function main() {
  await recreateDatabase();
  const backend = await startBackend();
  const db = knexFactory({
    client: 'pg',
    connection: `${postgresUrl}/${DATABASE}`,
  });
  try {
    const loaded = await load(db);
    console.log(
      `Loaded ${SERVICES} services, ${
        loaded.deployments
      } deployments in ${loaded.seconds.toFixed(1)} s`,
    );

    // The first report works out the facts of every service (the
    // scheduled task would too); then the database settles again.
    const firstReport = await time(() =>
      getJson(`/insights/dora?from=${ago(180)}&bucket=week`),
    );
    await db.raw('vacuum analyze');
    await db.raw('checkpoint');
    console.log(
      `DORA facts of every service worked out by the first report in ${(
        firstReport / 1000
      ).toFixed(1)} s`,
    );

    const ingestion = await benchIngestion();
    console.log('\nIngestion through POST /events (signed, PostgreSQL):');
    console.log(
      `  single events (8 in parallel): ${ingestion.single.toFixed(
        0,
      )} events/s`,
    );
    console.log(
      `  batches of 500 (2 in parallel): ${ingestion.batched.toFixed(
        0,
      )} events/s  (target >= 5000)`,
    );

    const reads = await benchReads(db);
    console.log(`\nReads, ${READ_SAMPLES} samples each, ms:`);
    console.log(
      '  read                        API p50  API p95  SQL p50  SQL p95  API/SQL p95',
    );
    for (const [name, api, sql] of reads) {
      const apiP95 = percentile(api, 95);
      const sqlP95 = percentile(sql, 95);
      console.log(
        `  ${name.padEnd(26)} ${percentile(api, 50)
          .toFixed(2)
          .padStart(7)} ${apiP95.toFixed(2).padStart(8)} ${percentile(sql, 50)
          .toFixed(2)
          .padStart(8)} ${sqlP95.toFixed(2).padStart(8)} ${(apiP95 / sqlP95)
          .toFixed(2)
          .padStart(12)}`,
      );
    }
    console.log('  targets: API p95 <= 2 x SQL p95 and < 25 ms');

    // Organisation-wide reads that scheduled tasks make too.
    const drift = await time(() => getJson('/insights/drift'));
    const lag = await time(() => getJson('/insights/lag'));
    console.log(
      `\nOrganisation-wide, once: drift ${drift.toFixed(
        0,
      )} ms (what the drift check reads), lag ${(lag / 1000).toFixed(1)} s`,
    );

    // What any authenticated request costs before it reaches a route.
    const floor = await measure(() => getJson('/no-such-route', 404));
    console.log(
      `\nHTTP floor (authenticated 404 through the same stack): p50 ${percentile(
        floor,
        50,
      ).toFixed(2)} ms, p95 ${percentile(floor, 95).toFixed(2)} ms`,
    );
  } finally {
    await db.destroy();
    stopBackend(backend);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
