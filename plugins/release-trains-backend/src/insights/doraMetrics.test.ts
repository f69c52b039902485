import { bucketsOf } from './buckets';
import {
  CarriedChange,
  computeDora,
  DoraOptions,
  ProdDeployment,
} from './doraMetrics';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC of 2026-11-01, plus days and hours. */
const t = (day: number, hour = 0) =>
  Date.UTC(2026, 10, 1) + day * DAY + hour * HOUR;

const options: DoraOptions = {
  from: t(0),
  to: t(10),
  hotfixWindowMs: 24 * HOUR,
};

/** Versions of the service by name: when each was built, and if a hotfix. */
const versions: Record<string, { builtAt: number; hotfix?: boolean }> = {
  '1': { builtAt: t(-2) },
  '2': { builtAt: t(1) },
  '3': { builtAt: t(2) },
  '4': { builtAt: t(3) },
  '5': { builtAt: t(5) },
  '6': { builtAt: t(6, 12), hotfix: true },
  '7': { builtAt: t(9) },
};

function run(
  id: string,
  version: string,
  finishedAt: number,
  state: ProdDeployment['state'] = 'succeeded',
  kind: ProdDeployment['kind'] = 'deploy',
): ProdDeployment {
  return {
    id,
    service: 'component:default/payments',
    version,
    kind,
    state,
    finishedAt,
    builtAt: versions[version].builtAt,
    hotfix: versions[version].hotfix ?? false,
  };
}

/**
 * A fortnight of prod: a failure and its fix, a roll-back, a deployment a
 * hotfix followed, a re-deployment of an old version.
 */
const history = [
  run('d1', '1', t(1, 10)),
  run('d2', '2', t(2, 10), 'failed'),
  run('d3', '3', t(2, 12)),
  run('d4', '4', t(4, 10), 'rolled-back', 'promote'),
  run('d5', '3', t(4, 11), 'succeeded', 'rollback'),
  run('d6', '5', t(6, 10)),
  run('d7', '6', t(6, 20)),
  run('d8', '1', t(8)),
];

function change(
  id: string,
  carrier: string,
  times: { committedAt?: number; mergedAt?: number },
): CarriedChange {
  return {
    id,
    service: 'component:default/payments',
    carrierBuiltAt: versions[carrier].builtAt,
    ...times,
  };
}

const changes = [
  // v2 failed: its change arrived with v3.
  change('c1', '2', { committedAt: t(0, 12), mergedAt: t(1) }),
  change('c2', '4', { mergedAt: t(3) }),
  // Merged before the period, in prod within it.
  change('c3', '1', { mergedAt: t(-3) }),
  change('c4', '6', { mergedAt: t(6, 10) }),
  // Never in prod.
  change('c5', '7', { mergedAt: t(9) }),
];

describe('computeDora', () => {
  const figures = computeDora(
    // The order CI reported in does not matter.
    [...history].reverse(),
    changes,
    options,
  );

  it('counts the deployments that ran in prod, roll-backs included, failures not', () => {
    expect(figures.deployments).toBe(7);
    expect(figures.deploymentsPerDay).toBeCloseTo(0.7);
  });

  it('counts as failed what failed, was rolled back, or was followed by a hotfix in the window', () => {
    // d2 failed, d4 rolled back, d6 followed by the hotfix d7 ten hours on;
    // the roll-back d5 itself is no change.
    expect(figures.changeFailRate).toEqual({
      samples: 7,
      count: 3,
      rate: 3 / 7,
    });
  });

  it('measures recovery from a failure to the next good deployment', () => {
    expect(figures.recoveryTime).toEqual({
      samples: 2,
      medianMs: 1 * HOUR,
      p90Ms: 2 * HOUR,
    });
  });

  it('counts roll-backs, hotfixes and older versions as rework', () => {
    // d5 (roll-back), d7 (hotfix), d8 (v1 after v6).
    expect(figures.reworkRate).toEqual({ samples: 8, count: 3, rate: 3 / 8 });
  });

  it('measures lead time to the first run of a version carrying the change', () => {
    // c1: v3 at day 2 12:00; c2: v4 at day 4 10:00; c3: v1 at day 1 10:00;
    // c4: v6 at day 6 20:00; c5 never.
    expect(figures.leadTimeFromMerge).toEqual({
      samples: 4,
      medianMs: 34 * HOUR,
      p90Ms: 106 * HOUR,
    });
    expect(figures.leadTimeFromCommit).toEqual({
      samples: 1,
      medianMs: 48 * HOUR,
      p90Ms: 48 * HOUR,
    });
  });

  it('counts within the period only, and follows recoveries past its end', () => {
    const firstDays = computeDora(history, changes, {
      ...options,
      to: t(2, 11),
    });
    expect(firstDays.deployments).toBe(1);
    expect(firstDays.changeFailRate).toMatchObject({ samples: 2, count: 1 });
    // d2's recovery, d3, came after the period: still its recovery.
    expect(firstDays.recoveryTime).toMatchObject({
      samples: 1,
      medianMs: 2 * HOUR,
    });
    // A hotfix later than the window does not make d6 a failure.
    const narrow = computeDora(history, changes, {
      ...options,
      hotfixWindowMs: 9 * HOUR,
    });
    expect(narrow.changeFailRate.count).toBe(2);
  });

  it('has nothing to say about a service that never reached prod', () => {
    expect(computeDora([], changes, options)).toEqual({
      deployments: 0,
      deploymentsPerDay: 0,
      leadTimeFromCommit: { samples: 0 },
      leadTimeFromMerge: { samples: 0 },
      changeFailRate: { samples: 0, count: 0 },
      recoveryTime: { samples: 0 },
      reworkRate: { samples: 0, count: 0 },
    });
  });
});

describe('computeDora on random ledgers', () => {
  /** A seeded generator, so a failure can be replayed. */
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }

  /** The definitions, spelled out one deployment at a time. */
  function recompute(
    deployments: ProdDeployment[],
    carried: CarriedChange[],
    o: DoraOptions,
  ) {
    const within = (at: number) => at >= o.from && at < o.to;
    const sorted = [...deployments].sort(
      (a, b) => a.finishedAt - b.finishedAt || a.id.localeCompare(b.id),
    );
    const same = (a: ProdDeployment, b: ProdDeployment) =>
      a.service === b.service;
    const after = (d: ProdDeployment) =>
      sorted.slice(sorted.indexOf(d) + 1).filter(n => same(n, d));
    const failed = (d: ProdDeployment) =>
      d.state !== 'succeeded' ||
      after(d).some(
        n =>
          n.hotfix &&
          n.state !== 'failed' &&
          n.finishedAt - d.finishedAt <= o.hotfixWindowMs,
      );
    const counted = sorted.filter(d => within(d.finishedAt));
    const changesOfPeriod = counted.filter(d => d.kind !== 'rollback');
    const recoveries = counted
      .filter(d => d.state !== 'succeeded')
      .flatMap(d => {
        const next = after(d).find(n => n.state === 'succeeded' && !failed(n));
        return next ? [next.finishedAt - d.finishedAt] : [];
      });
    const rework = counted.filter(d => {
      const before = sorted
        .slice(0, sorted.indexOf(d))
        .filter(p => same(p, d) && p.state !== 'failed');
      const running = before[before.length - 1];
      return (
        d.kind === 'rollback' ||
        d.hotfix ||
        (running !== undefined && d.builtAt! < running.builtAt!)
      );
    });
    const leadTimes = carried.flatMap(c => {
      const runs = sorted.filter(
        d =>
          d.service === c.service &&
          d.state !== 'failed' &&
          d.builtAt! >= c.carrierBuiltAt,
      );
      const first = runs[0];
      return first && within(first.finishedAt) && c.mergedAt !== undefined
        ? [first.finishedAt - c.mergedAt]
        : [];
    });
    return {
      deployments: counted.filter(d => d.state !== 'failed').length,
      changeFailures: changesOfPeriod.filter(failed).length,
      changeSamples: changesOfPeriod.length,
      recoveries: recoveries.sort((a, b) => a - b),
      rework: rework.length,
      reworkSamples: counted.length,
      leadTimes: leadTimes.sort((a, b) => a - b),
    };
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'agrees with the definitions, seed %p',
    seed => {
      const next = random(seed);
      const services = ['a', 'b', 'c'];
      const built = new Map<string, number>();
      const deployments: ProdDeployment[] = Array.from(
        { length: 60 },
        (_, i) => {
          const service = services[Math.floor(next() * services.length)];
          const version = String(Math.floor(next() * 12));
          const key = `${service}@${version}`;
          if (!built.has(key)) built.set(key, t(-5) + next() * 20 * DAY);
          const states = [
            'succeeded',
            'succeeded',
            'failed',
            'rolled-back',
          ] as const;
          const kinds = ['deploy', 'promote', 'rollback'] as const;
          return {
            id: `d${i}`,
            service,
            version,
            kind: kinds[Math.floor(next() * kinds.length)],
            state: states[Math.floor(next() * states.length)],
            finishedAt: t(-3) + Math.floor(next() * 16 * DAY),
            builtAt: built.get(key)!,
            hotfix: next() < 0.15,
          };
        },
      );
      const carried: CarriedChange[] = [...built].map(([key, builtAt], i) => ({
        id: `c${i}`,
        service: key.split('@')[0],
        carrierBuiltAt: builtAt,
        mergedAt: builtAt - Math.floor(next() * 3 * DAY),
      }));

      const figures = computeDora(deployments, carried, options);
      const expected = recompute(deployments, carried, options);
      const median = (v: number[]) => v[Math.ceil(v.length / 2) - 1];
      const p90 = (v: number[]) => v[Math.ceil(v.length * 0.9) - 1];

      expect(figures.deployments).toBe(expected.deployments);
      expect(figures.changeFailRate).toMatchObject({
        samples: expected.changeSamples,
        count: expected.changeFailures,
      });
      expect(figures.reworkRate).toMatchObject({
        samples: expected.reworkSamples,
        count: expected.rework,
      });
      expect(figures.recoveryTime.samples).toBe(expected.recoveries.length);
      expect(figures.recoveryTime.medianMs).toBe(median(expected.recoveries));
      expect(figures.recoveryTime.p90Ms).toBe(p90(expected.recoveries));
      expect(figures.leadTimeFromMerge.samples).toBe(expected.leadTimes.length);
      expect(figures.leadTimeFromMerge.medianMs).toBe(
        median(expected.leadTimes),
      );
      expect(figures.leadTimeFromMerge.p90Ms).toBe(p90(expected.leadTimes));
    },
  );
});

describe('bucketsOf', () => {
  it('cuts local days, 23 hours long on the day clocks go forward', () => {
    const buckets = bucketsOf(
      Date.parse('2026-03-28T00:00:00+01:00'),
      Date.parse('2026-03-31T00:00:00+02:00'),
      'day',
      'Europe/Berlin',
    );
    expect(buckets.map(b => (b.end - b.start) / HOUR)).toEqual([24, 23, 24]);
  });

  it('starts weeks on Monday and clips the first and last to the period', () => {
    const from = Date.parse('2026-11-04T12:00:00Z'); // a Wednesday
    const to = Date.parse('2026-11-20T00:00:00Z');
    const buckets = bucketsOf(from, to, 'week', 'UTC');
    expect(buckets.map(b => new Date(b.start).toISOString())).toEqual([
      '2026-11-04T12:00:00.000Z',
      '2026-11-09T00:00:00.000Z',
      '2026-11-16T00:00:00.000Z',
    ]);
    expect(buckets[buckets.length - 1].end).toBe(to);
  });

  it('refuses an unknown time zone and too many buckets', () => {
    expect(() => bucketsOf(t(0), t(1), 'day', 'Mars/Olympus')).toThrow(
      /timeZone/,
    );
    expect(() => bucketsOf(t(0), t(800), 'day', 'UTC')).toThrow(/bucket/);
  });
});
