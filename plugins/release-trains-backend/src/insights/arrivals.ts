/** A run of a version in a stage (a deployment that succeeded). */
export type StageRun = {
  stage: string;
  finishedAt: number;
  /** When the version was built; undefined when CI never reported it. */
  builtAt?: number;
};

/**
 * When a change first arrived in each stage: the first run there of any
 * version built at or after the one that first carried it.
 */
export class Arrivals {
  /** Per stage, by build time newest first: the earliest run of any at least as new. */
  private readonly earliest = new Map<
    string,
    { builtAt: number; at: number }[]
  >();

  constructor(runs: StageRun[]) {
    const byStage = new Map<string, StageRun[]>();
    for (const run of runs) {
      if (run.builtAt === undefined) continue;
      const ofStage = byStage.get(run.stage);
      if (ofStage) ofStage.push(run);
      else byStage.set(run.stage, [run]);
    }
    for (const [stage, ofStage] of byStage) {
      ofStage.sort((a, b) => b.builtAt! - a.builtAt!);
      const earliest: { builtAt: number; at: number }[] = [];
      let best = Infinity;
      for (const run of ofStage) {
        best = Math.min(best, run.finishedAt);
        earliest.push({ builtAt: run.builtAt!, at: best });
      }
      this.earliest.set(stage, earliest);
    }
  }

  /** When a change carried by a version built at `builtAt` first ran in `stage`. */
  in(stage: string, builtAt: number): number | undefined {
    const earliest = this.earliest.get(stage) ?? [];
    // The last entry built at or after `builtAt`.
    let low = 0;
    let high = earliest.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (earliest[middle].builtAt >= builtAt) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? undefined : earliest[low - 1].at;
  }
}
