/*
 * Loads the organisation's two years of history into the plugin's tables by
 * SQL (INSERT … SELECT over generate_series, services in chunks on two
 * connections), behind the ledger's back, and marks the database as loaded
 * so that `--reuse` can keep it between runs.
 */
import type { Knex } from 'knex';
import { isDeepStrictEqual } from 'node:util';
import {
  SERVICES,
  TOTAL_DEPLOYMENTS,
  TOTAL_VERSIONS,
  dependenciesOf,
  deploymentsOf,
  serviceRef,
  systemOf,
  trainOf,
  versionsOf,
} from './organisation.ts';

/** What a loaded database holds; a reused one must hold the same. */
export const DATASET = {
  services: SERVICES,
  versions: TOTAL_VERSIONS,
  deployments: TOTAL_DEPLOYMENTS,
  years: 2,
  shape: 3,
};
const SPAN_DAYS = 730;
/** Deployments written by one statement; the busiest services take several. */
const CHUNK_DEPLOYMENTS = 400_000;

/** Services `first`…`last`, their deployments `fromK`…`toK`; versions written once. */
type Chunk = {
  first: number;
  last: number;
  fromK: number;
  toK: number;
  versions: boolean;
};

/** The load's statements, of about the same size each. */
function chunks(): Chunk[] {
  const all: Chunk[] = [];
  let first = 1;
  let size = 0;
  for (let i = 1; i <= SERVICES; i++) {
    const deployments = deploymentsOf(i);
    if (deployments > CHUNK_DEPLOYMENTS) {
      if (i > first) {
        all.push({ first, last: i - 1, fromK: 0, toK: 1e9, versions: true });
      }
      for (let k = 0; k < deployments; k += CHUNK_DEPLOYMENTS) {
        const toK = k + CHUNK_DEPLOYMENTS - 1;
        all.push({ first: i, last: i, fromK: k, toK, versions: k === 0 });
      }
      first = i + 1;
      size = 0;
      continue;
    }
    size += deployments;
    if (size >= CHUNK_DEPLOYMENTS || i === SERVICES) {
      all.push({ first, last: i, fromK: 0, toK: 1e9, versions: true });
      first = i + 1;
      size = 0;
    }
  }
  return all;
}

export type Loaded = {
  seconds: number;
  reused: boolean;
  services: number;
  versions: number;
  changes: number;
  deployments: number;
  transitions: number;
};

async function count(db: Knex, table: string): Promise<number> {
  // The planner's estimate: exact counts of ten million rows take seconds.
  const { rows } = await db.raw(
    'select reltuples::bigint as n from pg_class where relname = ?',
    [table],
  );
  return Number(rows[0]?.n ?? 0);
}

async function counts(db: Knex) {
  return {
    services: await count(db, 'services'),
    versions: await count(db, 'versions'),
    changes: await count(db, 'changes'),
    deployments: await count(db, 'deployments'),
    transitions: await count(db, 'deployment_transitions'),
  };
}

/** Whether the database already holds this dataset, loaded by an earlier run. */
async function loadedBefore(db: Knex): Promise<boolean> {
  if (!(await db.schema.hasTable('bench_dataset'))) return false;
  const row = await db('bench_dataset').first();
  return isDeepStrictEqual(row?.dataset, DATASET);
}

async function writeServices(db: Knex) {
  const now = new Date();
  const rows = Array.from({ length: SERVICES }, (_, n) => {
    const i = n + 1;
    const dependencies = dependenciesOf(i);
    return {
      service_ref: serviceRef(i),
      pipeline: 'default',
      train: trainOf(i) ?? null,
      owner: `group:default/team-${systemOf(i)}`,
      system: systemOf(i),
      depends_on: JSON.stringify(dependencies.map(d => serviceRef(d.service))),
      requires: JSON.stringify(
        Object.fromEntries(
          dependencies
            .filter(d => d.range)
            .map(d => [serviceRef(d.service), d.range]),
        ),
      ),
      synced_at: now,
    };
  });
  for (let i = 0; i < rows.length; i += 1_000) {
    await db('services').insert(rows.slice(i, i + 1_000));
  }
  await db.raw('drop table if exists bench_plan');
  await db.raw(
    `create table bench_plan as
     select * from unnest(?::int[], ?::int[], ?::int[]) as plan(i, deployments, versions)`,
    [
      rows.map((_, n) => n + 1),
      rows.map((_, n) => deploymentsOf(n + 1)),
      rows.map((_, n) => versionsOf(n + 1)),
    ],
  );
}

/** The two years end when the load starts: one `now` for every statement. */
const loadedUntil = new Date().toISOString();
const span = `interval '${SPAN_DAYS} days'`;
const start = `'${loadedUntil}'::timestamptz - ${span}`;

/**
 * A chunk's deployments: each service's spread evenly over two years, dev,
 * staging and prod in turn, the version advancing with time, one in fifty
 * failed; a transition each. Its services' versions first, if it has them.
 */
async function loadChunk(db: Knex, chunk: Chunk) {
  const { first, last } = chunk;
  if (chunk.versions) await loadVersions(db, first, last);
  await db.raw(
    `with inserted as (
       insert into deployments (id, service_ref, stage, version, kind, state, created_by, created_at, started_at, finished_at)
       select lpad(to_hex(p.i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(k), 12, '0'),
              'component:default/svc-' || p.i,
              (array['dev', 'staging', 'prod'])[1 + k % 3],
              '1.0.' || (1 + (k::bigint * p.versions / p.deployments)),
              case when k % 3 = 0 then 'deploy' else 'promote' end,
              case when k % 50 = 0 then 'failed' else 'succeeded' end,
              'user:default/dev-' || (k % 300),
              at, at, at + interval '2 minutes'
       from bench_plan p, generate_series(?::int, least(p.deployments - 1, ?::int)) k,
            lateral (select ${start} + interval '1 minute' + k * ${span} / p.deployments as at) t
       where p.i between ? and ?
       returning id, state, created_at, finished_at)
     insert into deployment_transitions (deployment_id, from_state, to_state, cause, at)
     select id, null, state, 'bench', finished_at from inserted`,
    [chunk.fromK, chunk.toK, first, last],
  );
}

/**
 * Versions of services `first`…`last`, built evenly over two years, one
 * change each (merged ten minutes before the build, committed an hour
 * before that).
 */
async function loadVersions(db: Knex, first: number, last: number) {
  await db.raw(
    `insert into versions (service_ref, version, commit_sha, built_at)
     select 'component:default/svc-' || p.i, '1.0.' || v,
            md5(p.i || '-' || v) || substr(md5(v || '-' || p.i), 1, 8),
            ${start} + (v - 1) * ${span} / p.versions
     from bench_plan p, generate_series(1, p.versions) v
     where p.i between ? and ?`,
    [first, last],
  );
  await db.raw(
    `with inserted as (
       insert into changes (service_ref, commit_sha, pr_number, title, author, merged_at, committed_at, issue_keys)
       select service_ref, commit_sha, id, 'Change ' || id, 'author-' || (id % 2000),
              built_at - interval '10 minutes', built_at - interval '70 minutes', '["BEN-' || id || '"]'
       from versions
       where service_ref in (select 'component:default/svc-' || i from bench_plan where i between ? and ?)
       returning id, pr_number)
     insert into change_issue_keys select id, 'BEN-' || pr_number from inserted`,
    [first, last],
  );
  await db.raw(
    `insert into version_changes
     select v.id, c.id from versions v
     join changes c on c.service_ref = v.service_ref and c.commit_sha = v.commit_sha
     where v.service_ref in (select 'component:default/svc-' || i from bench_plan where i between ? and ?)`,
    [first, last],
  );
}

/** Each stage's current version: its newest successful deployment. */
async function writeStageState(db: Knex) {
  await db.raw(
    `insert into stage_state (service_ref, stage, current_deployment_id, current_version, current_since,
                              deployments_ran, deployments_gated)
     select 'component:default/svc-' || p.i, s.stage, d.id, d.version, d.finished_at,
            (p.deployments - s.position + 3) / 3, (p.deployments - s.position + 3) / 3
     from bench_plan p
     cross join (values ('dev', 1), ('staging', 2), ('prod', 3)) s(stage, position)
     cross join lateral (
       select id, version, finished_at from deployments
       where service_ref = 'component:default/svc-' || p.i and stage = s.stage and state = 'succeeded'
       order by created_at desc limit 1) d`,
  );
}

/**
 * Loads the dataset unless `reuse` is asked and the database holds it
 * already. Run on a database the backend has migrated.
 */
export async function loadDataset(db: Knex, reuse: boolean): Promise<Loaded> {
  const started = Date.now();
  if (reuse && (await loadedBefore(db))) {
    return { seconds: 0, reused: true, ...(await counts(db)) };
  }
  await db.raw(
    `truncate services, versions, changes, change_issue_keys, version_changes, deployments,
              deployment_transitions, stage_state cascade`,
  );
  await writeServices(db);
  const pending = chunks();
  // Two connections: one chunk each at a time (the machine has two cores).
  await Promise.all(
    [0, 1].map(async () => {
      for (let chunk = pending.shift(); chunk; chunk = pending.shift()) {
        await loadChunk(db, chunk);
      }
    }),
  );
  await writeStageState(db);
  // Loaded behind the ledger's back, which marks the DORA facts of what it
  // writes out of date: drop any worked out before the load.
  await db.raw(
    'truncate dora_fact_sources, dora_fact_marks, dora_deployment_facts, dora_change_facts, dora_hourly_counts',
  );
  // Settle the database so that autovacuum and checkpoints after the load do
  // not fall into the measurements.
  await db.raw('vacuum analyze');
  await db.raw('checkpoint');
  const seconds = (Date.now() - started) / 1000;
  await db.raw('drop table if exists bench_dataset');
  await db.raw(
    'create table bench_dataset (dataset jsonb not null, seconds real not null)',
  );
  await db('bench_dataset').insert({ dataset: DATASET, seconds });
  return { seconds, reused: false, ...(await counts(db)) };
}
