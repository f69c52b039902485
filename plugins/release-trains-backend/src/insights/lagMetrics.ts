import { Arrivals } from './arrivals';
import { distribution } from './doraMetrics';

/**
 * Lag between the stages of a pipeline: what runs in a stage and not yet in
 * the next, and how long changes wait in each stage on their way to the
 * last. docs/insights.md ("Lag") gives the definitions in full.
 *
 * A version contains every change of the versions of its service built
 * before it, so what a stage holds is a prefix of the service's history by
 * build time: everything built at or before the version it runs.
 */

/** A change, with when the first version carrying it was built. */
export type LagChange = {
  carrierBuiltAt: number;
  committedAt?: number;
  mergedAt?: number;
};

/**
 * What each stage runs, as the build time of its version: absent when the
 * stage runs nothing, or a version whose build the ledger does not know.
 */
export type Running = ReadonlyMap<string, number>;

/** Build times `(after, upTo]`: the versions (and changes) waiting. */
export type WaitingWindow = { after?: number; upTo: number };

/**
 * What waits between the stage at `index` and the next: versions built
 * after the newest one any later stage runs (a change that skipped the next
 * stage is past it) and at or before the one the stage runs. Undefined when
 * nothing waits.
 */
export function waitingWindow(
  stages: readonly string[],
  index: number,
  running: Running,
): WaitingWindow | undefined {
  const upTo = running.get(stages[index]);
  if (upTo === undefined) return undefined;
  let after: number | undefined;
  for (const stage of stages.slice(index + 1)) {
    const builtAt = running.get(stage);
    if (builtAt !== undefined && (after === undefined || builtAt > after)) {
      after = builtAt;
    }
  }
  if (after !== undefined && after >= upTo) return undefined;
  return after === undefined ? { upTo } : { after, upTo };
}

export function inWindow(builtAt: number, window: WaitingWindow): boolean {
  return (
    (window.after === undefined || builtAt > window.after) &&
    builtAt <= window.upTo
  );
}

/** The samples of a lead time split, in milliseconds. */
export type SplitSamples = {
  /** Changes that arrived in the last stage within the range. */
  changes: number;
  commitToMerge: number[];
  mergeToFirstStage: number[];
  /** Per stage but the last, in order: arrival there to arrival in the next. */
  stageWaits: { stage: string; samples: number[] }[];
};

/**
 * The lead time of the changes that arrived in the last stage within
 * `[from, to)`, split: commit to merge, merge to the first stage, and the
 * wait in each stage (arrival there to arrival in the next). A segment is
 * sampled only when both its ends are known and in order: a change that
 * skipped a stage has no wait in it, nor in the one before.
 */
export function splitLeadTime(
  stages: readonly string[],
  changes: LagChange[],
  arrivals: Arrivals,
  range: { from: number; to: number },
): SplitSamples {
  const split: SplitSamples = {
    changes: 0,
    commitToMerge: [],
    mergeToFirstStage: [],
    stageWaits: stages.slice(0, -1).map(stage => ({ stage, samples: [] })),
  };
  const last = stages[stages.length - 1];
  for (const change of changes) {
    const arrived = arrivals.in(last, change.carrierBuiltAt);
    if (arrived === undefined || arrived < range.from || arrived >= range.to) {
      continue;
    }
    split.changes++;
    const { committedAt, mergedAt } = change;
    if (
      committedAt !== undefined &&
      mergedAt !== undefined &&
      mergedAt >= committedAt
    ) {
      split.commitToMerge.push(mergedAt - committedAt);
    }
    const at = stages.map(stage => arrivals.in(stage, change.carrierBuiltAt));
    if (mergedAt !== undefined && at[0] !== undefined && at[0] >= mergedAt) {
      split.mergeToFirstStage.push(at[0] - mergedAt);
    }
    split.stageWaits.forEach((wait, k) => {
      const [here, next] = [at[k], at[k + 1]];
      if (here !== undefined && next !== undefined && next >= here) {
        wait.samples.push(next - here);
      }
    });
  }
  return split;
}

/** Samples of many services as one: stage waits by stage name, in order met. */
export function mergeSplits(splits: SplitSamples[]): SplitSamples {
  const waits = new Map<string, number[]>();
  for (const split of splits) {
    for (const { stage, samples } of split.stageWaits) {
      waits.set(stage, [...(waits.get(stage) ?? []), ...samples]);
    }
  }
  return {
    changes: splits.reduce((sum, split) => sum + split.changes, 0),
    commitToMerge: splits.flatMap(split => split.commitToMerge),
    mergeToFirstStage: splits.flatMap(split => split.mergeToFirstStage),
    stageWaits: [...waits].map(([stage, samples]) => ({ stage, samples })),
  };
}

/** The sample count and, when there are samples, the median in seconds. */
export function median(samples: number[]): {
  samples: number;
  medianSeconds?: number;
} {
  const { medianMs } = distribution(samples);
  return medianMs === undefined
    ? { samples: 0 }
    : { samples: samples.length, medianSeconds: Math.round(medianMs / 1000) };
}
