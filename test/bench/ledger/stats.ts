/* Timing, percentiles and the targets' verdicts, for the benchmark's figures. */

export type Summary = { samples: number; p50: number; p95: number };

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export function summarise(samples: number[]): Summary {
  return {
    samples: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
  };
}

/** Milliseconds `fn` takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `fn(0…count-1)` with `concurrency` calls in flight. */
export async function inParallel(
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

/** Calls per second of `fn`, `count` calls with `concurrency` in flight. */
export async function throughput(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  const start = Date.now();
  await inParallel(count, concurrency, async i => {
    await fn(i);
  });
  return count / ((Date.now() - start) / 1000);
}

export type Target = {
  name: string;
  /** What was measured, in the unit of `limit`. */
  value: number;
  /** The bound `value` must stay within. */
  limit: number;
  /** `max`: value ≤ limit; `min`: value ≥ limit. */
  kind: 'max' | 'min';
  unit: string;
  met: boolean;
};

export function target(
  name: string,
  value: number,
  kind: 'max' | 'min',
  limit: number,
  unit: string,
): Target {
  const met = kind === 'max' ? value <= limit : value >= limit;
  return { name, value, limit, kind, unit, met };
}

export function describeTarget(t: Target): string {
  const sign = t.kind === 'max' ? '≤' : '≥';
  const digits = t.unit === 'ms' ? 2 : 0;
  return `${t.met ? '✓' : '✗'} ${t.name}: ${t.value.toFixed(digits)} ${
    t.unit
  } ${sign} ${t.limit.toFixed(digits)} ${t.unit}`;
}
