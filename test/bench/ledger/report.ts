/* The benchmark's targets, worked out from its figures, and the printed table. */
import type { IngestionFigures } from './ingestion.ts';
import type { Loaded } from './load.ts';
import type { ReadFigures } from './reads.ts';
import { type Summary, type Target, describeTarget, target } from './stats.ts';

export type Figures = {
  dataset: Loaded;
  floor: Summary;
  reads: ReadFigures[];
  ingestion: IngestionFigures;
  backendMemory: {
    sampledMaxMB: number;
    peakMB: number;
    byPhase: Record<string, unknown>;
  };
  graph?: { targets?: Array<Omit<Target, 'kind' | 'unit'> & Partial<Target>> };
};

/** Bounds of the organisation-wide reads, p95 in ms. */
const ORGANISATION_LIMITS: Record<string, number> = {
  'DORA, organisation, 180 d': 200,
  'graph, violations only': 100,
};

export function targetsOf(figures: Figures): Target[] {
  const { floor, ingestion } = figures;
  const targets: Target[] = [];
  for (const read of figures.reads) {
    if (read.scope === 'service') {
      targets.push(
        target(
          `${read.name}: API p95 ≤ floor + 1.5 × SQL`,
          read.api.p95,
          'max',
          floor.p95 + 1.5 * read.sql.p95,
          'ms',
        ),
        target(`${read.name}: API p95 < 10 ms`, read.api.p95, 'max', 10, 'ms'),
      );
    } else {
      targets.push(
        target(
          `${read.name}: API p95`,
          read.api.p95,
          'max',
          ORGANISATION_LIMITS[read.name],
          'ms',
        ),
      );
    }
  }
  targets.push(
    target(
      'batched ingestion, share of raw INSERT rate',
      (100 * ingestion.batchedEventsPerSecond) /
        ingestion.rawInsertRowsPerSecond,
      'min',
      50,
      '%',
    ),
    target(
      'single events, 8 in flight',
      ingestion.singleEventsPerSecond,
      'min',
      1_000,
      'events/s',
    ),
    target(
      'backend resident memory, peak',
      figures.backendMemory.peakMB,
      'max',
      600,
      'MB',
    ),
  );
  for (const graphTarget of figures.graph?.targets ?? []) {
    targets.push(
      target(
        `graph in Chromium: ${graphTarget.name}`,
        graphTarget.value,
        'max',
        graphTarget.limit,
        'ms',
      ),
    );
  }
  return targets;
}

const fixed = (value: number, width: number, digits = 2) =>
  value.toFixed(digits).padStart(width);

export function printFigures(figures: Figures, targets: Target[]) {
  const { floor, ingestion } = figures;
  console.log(
    `\nHTTP floor (authenticated no-op route of the plugin): p50 ${fixed(
      floor.p50,
      0,
    )} ms, p95 ${fixed(floor.p95, 0)} ms`,
  );
  console.log(
    '\nread, ms                     API p50  API p95  SQL p50  SQL p95  statements',
  );
  for (const read of figures.reads) {
    console.log(
      `${read.name.padEnd(28)} ${fixed(read.api.p50, 7)}  ${fixed(
        read.api.p95,
        7,
      )}  ${fixed(read.sql.p50, 7)}  ${fixed(read.sql.p95, 7)}  ${fixed(
        read.statements,
        10,
        1,
      )}`,
    );
  }
  console.log(
    `\nIngestion: floor ${fixed(
      ingestion.floorRequestsPerSecond,
      0,
      0,
    )} requests/s; single events ${fixed(
      ingestion.singleEventsPerSecond,
      0,
      0,
    )}/s (${fixed(
      (100 * ingestion.singleEventsPerSecond) /
        ingestion.floorRequestsPerSecond,
      0,
      0,
    )} % of the floor's requests/s); batches of 500 ${fixed(
      ingestion.batchedEventsPerSecond,
      0,
      0,
    )} events/s; raw multi-row INSERT ${fixed(
      ingestion.rawInsertRowsPerSecond,
      0,
      0,
    )} rows/s`,
  );
  console.log(
    `Backend resident memory: peak ${fixed(
      figures.backendMemory.peakMB,
      0,
      0,
    )} MB (highest sampled ${fixed(
      figures.backendMemory.sampledMaxMB,
      0,
      0,
    )} MB)`,
  );
  console.log(
    `  resident set and live heap after each phase: ${JSON.stringify(
      figures.backendMemory.byPhase,
    )}`,
  );
  console.log('\nTargets:');
  for (const t of targets) console.log(`  ${describeTarget(t)}`);
}
