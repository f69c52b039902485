import {
  mergeSplits,
  median,
  splitLeadTime,
  waitingWindow,
} from './lagMetrics';
import { Arrivals } from './arrivals';

const stages = ['dev', 'staging', 'prod'];
const H = 3_600_000;

describe('waitingWindow', () => {
  it('waits between what a stage runs and what the next runs', () => {
    const running = new Map([
      ['dev', 30],
      ['staging', 20],
      ['prod', 10],
    ]);
    expect(waitingWindow(stages, 0, running)).toEqual({ after: 20, upTo: 30 });
    expect(waitingWindow(stages, 1, running)).toEqual({ after: 10, upTo: 20 });
  });

  it('counts a change past the next stage as past it (a skipped stage)', () => {
    // staging was skipped: prod runs a newer version than staging.
    const running = new Map([
      ['dev', 30],
      ['staging', 10],
      ['prod', 20],
    ]);
    expect(waitingWindow(stages, 0, running)).toEqual({ after: 20, upTo: 30 });
    expect(waitingWindow(stages, 1, running)).toBeUndefined();
  });

  it('waits for everything when nothing ran downstream, and nothing when nothing ran upstream', () => {
    const running = new Map([['dev', 30]]);
    expect(waitingWindow(stages, 0, running)).toEqual({ upTo: 30 });
    expect(waitingWindow(stages, 1, running)).toBeUndefined();
    expect(waitingWindow(stages, 0, new Map())).toBeUndefined();
  });
});

describe('Arrivals', () => {
  it('is the first run of any version built at or after the carrier', () => {
    const arrivals = new Arrivals([
      { stage: 'dev', builtAt: 1, finishedAt: 100 },
      { stage: 'dev', builtAt: 3, finishedAt: 300 },
      // An older version again later (a rollback) does not move arrivals.
      { stage: 'dev', builtAt: 1, finishedAt: 400 },
      { stage: 'staging', builtAt: 3, finishedAt: 500 },
      { stage: 'staging', finishedAt: 50 },
    ]);
    expect(arrivals.in('dev', 1)).toBe(100);
    expect(arrivals.in('dev', 2)).toBe(300);
    expect(arrivals.in('dev', 4)).toBeUndefined();
    expect(arrivals.in('staging', 1)).toBe(500);
    expect(arrivals.in('prod', 1)).toBeUndefined();
  });
});

describe('splitLeadTime', () => {
  const runs = (stage: string, builtAt: number, finishedAt: number) => ({
    stage,
    builtAt,
    finishedAt,
  });

  it('splits each change that reached the last stage in the range', () => {
    const arrivals = new Arrivals([
      runs('dev', 10, 12 * H),
      runs('staging', 10, 14 * H),
      runs('prod', 10, 20 * H),
      // Built later, reached staging, then prod in the next version.
      runs('dev', 30, 40 * H),
      runs('staging', 30, 41 * H),
      // Went from dev straight to prod.
      runs('dev', 50, 50 * H),
      runs('prod', 50, 60 * H),
    ]);
    const split = splitLeadTime(
      stages,
      [
        { carrierBuiltAt: 10, committedAt: 8 * H, mergedAt: 9 * H },
        { carrierBuiltAt: 30, mergedAt: 30 * H },
        { carrierBuiltAt: 50, mergedAt: 49 * H },
      ],
      arrivals,
      { from: 0, to: 100 * H },
    );
    expect(split).toEqual({
      changes: 3,
      commitToMerge: [H],
      mergeToFirstStage: [3 * H, 10 * H, H],
      // The change that skipped staging has no wait in dev nor in staging.
      stageWaits: [
        { stage: 'dev', samples: [2 * H, H] },
        { stage: 'staging', samples: [6 * H, 19 * H] },
      ],
    });
    expect(
      splitLeadTime(stages, [{ carrierBuiltAt: 10 }], arrivals, {
        from: 21 * H,
        to: 100 * H,
      }).changes,
    ).toBe(0);
  });

  it('merges services by stage name, and gives medians in seconds', () => {
    const merged = mergeSplits([
      {
        changes: 1,
        commitToMerge: [],
        mergeToFirstStage: [H],
        stageWaits: [{ stage: 'dev', samples: [H] }],
      },
      {
        changes: 2,
        commitToMerge: [2 * H],
        mergeToFirstStage: [3 * H, 5 * H],
        stageWaits: [
          { stage: 'qa', samples: [] },
          { stage: 'dev', samples: [3 * H] },
        ],
      },
    ]);
    expect(merged.changes).toBe(3);
    expect(merged.stageWaits).toEqual([
      { stage: 'dev', samples: [H, 3 * H] },
      { stage: 'qa', samples: [] },
    ]);
    expect(median(merged.mergeToFirstStage)).toEqual({
      samples: 3,
      medianSeconds: 3 * 3600,
    });
    expect(median([])).toEqual({ samples: 0 });
  });
});
