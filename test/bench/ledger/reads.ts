/*
 * The reads: each through the HTTP API, then the very statements that
 * request issued through a plain `pg` pool with the same order and
 * parallelism, sample by sample, so that both sides see the same machine.
 */
import type { Pool } from 'pg';
import type { CapturedStatement } from './benchModule.ts';
import type { BenchClient } from './http.ts';
import { SERVICES, deploymentsOf, serviceRef } from './organisation.ts';
import { replay } from './replay.ts';
import { type Summary, summarise, time } from './stats.ts';

export type Read = {
  name: string;
  /** Reads of one service must stay near the floor plus the SQL; the others within a bound. */
  scope: 'service' | 'organisation';
  path: () => string;
  samples: number;
};

export type ReadFigures = {
  name: string;
  scope: Read['scope'];
  api: Summary;
  sql: Summary;
  /** Statements the API issued per request, on average. */
  statements: number;
  /** The statements of the last request, for their plans. */
  example: CapturedStatement[];
};

const cumulative = (() => {
  const sums: number[] = [];
  let sum = 0;
  for (let i = 1; i <= SERVICES; i++) sums.push((sum += deploymentsOf(i)));
  return sums;
})();

/**
 * A service someone looks at: half the time any service, half the time one
 * picked in proportion to its deployments (busy services are looked at more).
 */
export function pickService(): string {
  if (Math.random() < 0.5) {
    return serviceRef(1 + Math.floor(Math.random() * SERVICES));
  }
  const at = Math.random() * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < at) low = middle + 1;
    else high = middle;
  }
  return serviceRef(low + 1);
}

const pick = <T>(values: T[]) =>
  values[Math.floor(Math.random() * values.length)];

/** A time `days` ago, for a query string. */
const ago = (days: number) =>
  encodeURIComponent(new Date(Date.now() - days * 86_400_000).toISOString());

type ChangeSample = {
  commit_sha: string;
  pr_number: number;
  author: string;
  issue_key: string;
};

/** The reads of the benchmark, with parameters drawn from the loaded data. */
export async function readsOf(pool: Pool, samples: number): Promise<Read[]> {
  const { rows: changes } = await pool.query<ChangeSample>(
    `select c.commit_sha, c.pr_number, c.author, k.issue_key
     from changes c tablesample system (1) join change_issue_keys k on k.change_id = c.id
     limit 400`,
  );
  const organisation = Math.max(50, samples / 4);
  const service = (name: string, path: () => string): Read => ({
    name,
    scope: 'service',
    path,
    samples,
  });
  return [
    service('pipeline view', () => `/pipeline?service=${pickService()}`),
    service(
      'history page (50)',
      () => `/deployments?service=${pickService()}&limit=50`,
    ),
    service(
      'change by SHA prefix',
      () => `/changes?sha=${pick(changes).commit_sha.slice(0, 10)}`,
    ),
    service('change by PR', () => `/changes?pr=${pick(changes).pr_number}`),
    service(
      'change by author',
      () => `/changes?author=${pick(changes).author}`,
    ),
    service(
      'change by issue key',
      () => `/changes?issue=${pick(changes).issue_key}`,
    ),
    service(
      'graph, one service',
      () => `/graph?stage=prod&service=${pickService()}&depth=1`,
    ),
    service('trains schedule', () => '/trains/departures'),
    service(
      'DORA, one service, 90 d',
      () =>
        `/insights/dora?service=${pickService()}&from=${ago(90)}&bucket=week`,
    ),
    {
      name: 'DORA, organisation, 180 d',
      scope: 'organisation',
      path: () => `/insights/dora?from=${ago(180)}&bucket=week`,
      samples: organisation,
    },
    {
      name: 'graph, violations only',
      scope: 'organisation',
      path: () => '/graph?stage=prod&violations=true',
      samples: organisation,
    },
  ];
}

let requests = 0;

/** One sample of both sides: the API's time, then its statements' through `pg`. */
async function sample(client: BenchClient, pool: Pool, read: Read) {
  const request = `r${++requests}`;
  const api = await time(() =>
    client.get(read.path(), { 'x-bench-request': request }),
  );
  const statements = (await client.get(
    `/bench/statements?request=${request}`,
  )) as CapturedStatement[];
  const sql = await time(() => replay(pool, statements));
  return { api, sql, statements };
}

export async function measureRead(
  client: BenchClient,
  pool: Pool,
  read: Read,
): Promise<ReadFigures> {
  for (let i = 0; i < Math.min(20, read.samples); i++) {
    await sample(client, pool, read);
  }
  const api: number[] = [];
  const sql: number[] = [];
  let statements = 0;
  let example: CapturedStatement[] = [];
  for (let i = 0; i < read.samples; i++) {
    const figures = await sample(client, pool, read);
    api.push(figures.api);
    sql.push(figures.sql);
    statements += figures.statements.length;
    example = figures.statements;
  }
  return {
    name: read.name,
    scope: read.scope,
    api: summarise(api),
    sql: summarise(sql),
    statements: statements / read.samples,
    example,
  };
}
