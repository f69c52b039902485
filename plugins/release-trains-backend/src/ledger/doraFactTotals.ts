import { Knex } from 'knex';

export const HOUR_MS = 3_600_000;

/** How many values there were, and the median and p90 among them. */
export type RankedValues = { samples: number; median?: number; p90?: number };

/** The DORA facts of one period, added up. */
export type FactTotals = {
  ran: number;
  deployments: number;
  changes: number;
  failedChanges: number;
  rework: number;
  recovery: RankedValues;
  fromCommit: RankedValues;
  fromMerge: RankedValues;
};

type Counts = Pick<
  FactTotals,
  'ran' | 'deployments' | 'changes' | 'failedChanges' | 'rework'
>;

type CountRow = {
  deployments: number | string | boolean;
  ran: number | string | boolean;
  changes: number | string | boolean;
  failed_changes: number | string | boolean;
  rework: number | string | boolean;
};

/** The durations added up, by the facts table and column they are in. */
const DURATIONS = {
  recovery: ['dora_deployment_facts', 'finished_at', 'recovery_ms'],
  fromCommit: ['dora_change_facts', 'arrived_at', 'from_commit_ms'],
  fromMerge: ['dora_change_facts', 'arrived_at', 'from_merge_ms'],
} as const;

const noTotals = (): FactTotals => ({
  ran: 0,
  deployments: 0,
  changes: 0,
  failedChanges: 0,
  rework: 0,
  recovery: { samples: 0 },
  fromCommit: { samples: 0 },
  fromMerge: { samples: 0 },
});

/** The nearest ranks of the median and the p90 among `samples` values. */
const MEDIAN_RANK = (samples: number) => Math.ceil((50 * samples) / 100);
const P90_RANK = (samples: number) => Math.ceil((90 * samples) / 100);

/**
 * Adds up the DORA facts of services over a period `[starts[0], to)` cut
 * into buckets that start at `starts`. Counts come from the hourly counts,
 * except in hours a bucket edge cuts (time zones a half hour off UTC, a
 * period that starts mid-hour), which are counted from the facts; each
 * duration's median and p90 are ranked in the database, so that two values
 * a bucket come back however many facts there are.
 */
export async function addUpFacts(
  db: Knex,
  services: string[],
  starts: number[],
  to: number,
): Promise<{ totals: FactTotals; buckets: FactTotals[] }> {
  const totals = noTotals();
  const buckets = starts.map(noTotals);
  if (services.length === 0 || starts.length === 0) return { totals, buckets };
  const ranked = isPostgres(db) ? rankedInPostgres : rankedByWindow;
  const [counts, ...durations] = await Promise.all([
    countsPerBucket(db, services, starts, to),
    ...Object.values(DURATIONS).map(([table, at, column]) =>
      ranked(db, { services, starts, to, table, at, column }),
    ),
  ]);
  counts.forEach((bucketCounts, i) => Object.assign(buckets[i], bucketCounts));
  for (const bucketCounts of counts) {
    for (const key of Object.keys(bucketCounts) as (keyof Counts)[]) {
      totals[key] += bucketCounts[key];
    }
  }
  Object.keys(DURATIONS).forEach((field, d) => {
    const name = field as keyof typeof DURATIONS;
    for (const [i, values] of durations[d]) {
      if (i === undefined) totals[name] = values;
      else buckets[i][name] = values;
    }
  });
  return { totals, buckets };
}

/** The bucket `at` falls in: the last that starts at or before it. */
function bucketOf(starts: number[], at: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= at) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

async function countsPerBucket(
  db: Knex,
  services: string[],
  starts: number[],
  to: number,
): Promise<Counts[]> {
  const from = starts[0];
  const floorHour = (at: number) => at - (at % HOUR_MS);
  const edges = [...starts, to];
  const cutHours = [
    ...new Set(edges.filter(at => at % HOUR_MS !== 0).map(floorHour)),
  ];
  // The parts of the cut hours within one bucket each, counted from facts.
  const parts = cutHours.flatMap(hour => {
    const points = [
      Math.max(hour, from),
      ...edges.filter(at => at > hour && at < hour + HOUR_MS),
      Math.min(hour + HOUR_MS, to),
    ].filter((at, i, all) => i === 0 || at > all[i - 1]);
    return points.slice(1).map((end, i) => ({ start: points[i], end }));
  });
  const counted = `count(*) as deployments,
    sum(case when ran then 1 else 0 end) as ran,
    sum(case when is_change then 1 else 0 end) as changes,
    sum(case when is_change and failed then 1 else 0 end) as failed_changes,
    sum(case when rework then 1 else 0 end) as rework`;
  const [hourly, cut] = await Promise.all([
    rows<CountRow & { hour: Date | number | string }>(
      db,
      `select hour,
         sum(deployments) as deployments, sum(ran) as ran,
         sum(changes) as changes, sum(failed_changes) as failed_changes,
         sum(rework) as rework
       from dora_hourly_counts
       where ${inServices(db, services, 'service_ref')}
         and hour >= ? and hour < ?
         ${
           cutHours.length ? `and hour not in (${cutHours.map(() => '?')})` : ''
         }
       group by hour`,
      [
        ...serviceBindings(db, services),
        new Date(floorHour(from + HOUR_MS - 1)),
        new Date(floorHour(to)),
        ...cutHours.map(hour => new Date(hour)),
      ],
    ),
    parts.length === 0
      ? []
      : rows<CountRow & { at: Date | number | string }>(
          db,
          parts
            .map(
              () => `select cast(? as bigint) as at, ${counted} from dora_deployment_facts
                where ${inServices(db, services, 'service_ref')}
                  and finished_at >= ? and finished_at < ?`,
            )
            .join(' union all '),
          parts.flatMap(part => [
            part.start,
            ...serviceBindings(db, services),
            new Date(part.start),
            new Date(part.end),
          ]),
        ),
  ]);
  const counts: Counts[] = starts.map(() => ({
    ran: 0,
    deployments: 0,
    changes: 0,
    failedChanges: 0,
    rework: 0,
  }));
  const add = (at: Date | number | string, row: CountRow) => {
    const bucket = counts[bucketOf(starts, new Date(Number(at)).getTime())];
    bucket.deployments += Number(row.deployments);
    bucket.ran += Number(row.ran);
    bucket.changes += Number(row.changes);
    bucket.failedChanges += Number(row.failed_changes);
    bucket.rework += Number(row.rework);
  };
  for (const row of hourly) add(new Date(row.hour).getTime(), row);
  for (const row of cut) add(row.at, row);
  return counts;
}

/** Per bucket index (undefined: the whole period), the ranked values. */
type Ranked = Map<number | undefined, RankedValues>;

/** A duration to rank: its column, the time column that places it. */
type RankQuery = {
  services: string[];
  starts: number[];
  to: number;
  table: string;
  at: string;
  column: string;
};

/**
 * PostgreSQL ranks with percentile_disc, which is the nearest rank, in one
 * pass for the buckets and the whole period.
 */
async function rankedInPostgres(
  db: Knex,
  { services, starts, to, table, at, column }: RankQuery,
): Promise<Ranked> {
  const found: {
    bucket: number | null;
    samples: string;
    ranks: (string | null)[] | null;
  }[] = await rows(
    db,
    `select width_bucket(??, cast(? as timestamptz[])) as bucket,
       count(??) as samples,
       percentile_disc(array[0.5, 0.9]) within group (order by ??) as ranks
     from ??
     where service_ref = any(?) and ?? >= ? and ?? < ? and ?? is not null
     group by grouping sets ((1), ())`,
    [
      at,
      starts.map(start => new Date(start)),
      column,
      column,
      table,
      services,
      at,
      new Date(starts[0]),
      at,
      new Date(to),
      column,
    ],
  );
  const ranked: Ranked = new Map();
  for (const row of found) {
    const samples = Number(row.samples);
    if (samples === 0 || !row.ranks) continue;
    ranked.set(row.bucket === null ? undefined : row.bucket - 1, {
      samples,
      median: Number(row.ranks[0]),
      p90: Number(row.ranks[1]),
    });
  }
  return ranked;
}

/**
 * Elsewhere (SQLite), the values are numbered per bucket with a window
 * function and the two at the nearest ranks kept.
 */
async function rankedByWindow(
  db: Knex,
  { services, starts, to, table, at, column }: RankQuery,
): Promise<Ranked> {
  // Range 0 is the whole period, 1 … n the buckets.
  const edges = [...starts, to];
  const ranges = [
    [starts[0], to],
    ...starts.map((start, i) => [start, edges[i + 1]]),
  ];
  const found: {
    i: number;
    value: number | string;
    position: number;
    samples: number;
  }[] = await rows(
    db,
    `with r(i, start_at, end_at) as (values ${ranges
      .map(() => '(?, ?, ?)')
      .join(', ')}),
     ranked as (
       select r.i, f.?? as value,
         row_number() over (partition by r.i order by f.??) as position,
         count(*) over (partition by r.i) as samples
       from r join ?? f on f.?? >= r.start_at and f.?? < r.end_at
       where ${inServices(db, services, 'f.service_ref')}
         and f.?? is not null)
     select i, value, position, samples from ranked
     where position = (samples + 1) / 2 or position = (9 * samples + 9) / 10`,
    [
      ...ranges.flatMap(([start, end], i) => [
        i,
        new Date(start),
        new Date(end),
      ]),
      column,
      column,
      table,
      at,
      at,
      ...serviceBindings(db, services),
      column,
    ],
  );
  const ranked: Ranked = new Map();
  for (const row of found) {
    const key = row.i === 0 ? undefined : row.i - 1;
    const samples = Number(row.samples);
    const values = ranked.get(key) ?? { samples };
    if (row.position === MEDIAN_RANK(samples))
      values.median = Number(row.value);
    if (row.position === P90_RANK(samples)) values.p90 = Number(row.value);
    ranked.set(key, values);
  }
  return ranked;
}

function isPostgres(db: Knex) {
  return db.client.config.client === 'pg';
}

/** A service filter: one array on PostgreSQL, a list elsewhere. */
function inServices(db: Knex, services: string[], column: string) {
  return isPostgres(db)
    ? `${column} = any(?)`
    : `${column} in (${services.map(() => '?').join(', ')})`;
}

function serviceBindings(db: Knex, services: string[]) {
  return isPostgres(db) ? [services] : services;
}

async function rows<T>(db: Knex, sql: string, bindings: unknown[]) {
  const result = await db.raw(sql, bindings as Knex.RawBinding[]);
  return (isPostgres(db) ? result.rows : result) as T[];
}
