import { DeploymentKind } from '@release-trains/plugin-release-trains-common';
import { Arrivals } from './arrivals';

/**
 * The five DORA software delivery metrics (dora.dev, "DORA's software
 * delivery metrics"), computed from the ledger's deployments into each
 * service's last stage. docs/insights.md gives the definitions in full.
 */

/** A finished deployment into a service's last stage (prod). */
export type ProdDeployment = {
  id: string;
  service: string;
  version: string;
  kind: DeploymentKind;
  state: 'succeeded' | 'failed' | 'rolled-back';
  finishedAt: number;
  /** When the version was built; undefined when CI never reported it. */
  builtAt?: number;
  /** The version is a hotfix (docs/ingestion.md says which are). */
  hotfix: boolean;
};

/** A change, with when the first version carrying it was built. */
export type CarriedChange = {
  id: string;
  service: string;
  carrierBuiltAt: number;
  committedAt?: number;
  mergedAt?: number;
};

export type DoraOptions = {
  from: number;
  to: number;
  /** A deployment followed within this by a hotfix counts as failed. */
  hotfixWindowMs: number;
};

/** Per metric: the figure and the samples behind it. */
export type DoraComputation = {
  deployments: number;
  /** Deployments per day over the range. */
  deploymentsPerDay: number;
  leadTimeFromCommit: Distribution;
  leadTimeFromMerge: Distribution;
  changeFailRate: Rate;
  recoveryTime: Distribution;
  reworkRate: Rate;
};

export type Distribution = {
  samples: number;
  medianMs?: number;
  p90Ms?: number;
};

export type Rate = { samples: number; count: number; rate?: number };

const DAY_MS = 86_400_000;
/** The one stage the DORA metrics look at: each service's last. */
const PROD = 'prod';

const inRange = (at: number, { from, to }: DoraOptions) =>
  at >= from && at < to;

/** Did the deployment put its version into the stage (even if undone later)? */
const ran = (d: ProdDeployment) => d.state !== 'failed';

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { samples: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    medianMs: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
  };
}

function rate(samples: number, count: number): Rate {
  return samples === 0
    ? { samples, count }
    : { samples, count, rate: count / samples };
}

function byService<T extends { service: string }>(
  items: T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.service) ?? [];
    group.push(item);
    groups.set(item.service, group);
  }
  return groups;
}

/**
 * Whether a hotfix followed the deployment at `index` into the stage within
 * the window: then it needed immediate intervention too.
 */
function hotfixFollows(
  timeline: ProdDeployment[],
  index: number,
  windowMs: number,
): boolean {
  const { finishedAt } = timeline[index];
  for (let next = index + 1; next < timeline.length; next++) {
    if (timeline[next].finishedAt - finishedAt > windowMs) return false;
    if (timeline[next].hotfix && ran(timeline[next])) return true;
  }
  return false;
}

/**
 * Whether a deployment was unplanned: a rollback, a hotfix, or a version
 * built before the one the stage ran until then.
 */
function isRework(deployment: ProdDeployment, running?: ProdDeployment) {
  return (
    deployment.kind === 'rollback' ||
    deployment.hotfix ||
    (running?.builtAt !== undefined &&
      deployment.builtAt !== undefined &&
      deployment.builtAt < running.builtAt)
  );
}

/** A service's deployments in the order they finished, with their verdicts. */
function timelineOf(ofService: ProdDeployment[], hotfixWindowMs: number) {
  const timeline = [...ofService].sort(
    (a, b) => a.finishedAt - b.finishedAt || a.id.localeCompare(b.id),
  );
  const failed = timeline.map(
    (deployment, index) =>
      deployment.state !== 'succeeded' ||
      hotfixFollows(timeline, index, hotfixWindowMs),
  );
  // The first later deployment that succeeded and was no failure itself.
  const recoveredBy: (ProdDeployment | undefined)[] = [];
  let next: ProdDeployment | undefined;
  for (let index = timeline.length - 1; index >= 0; index--) {
    recoveredBy[index] = next;
    if (timeline[index].state === 'succeeded' && !failed[index]) {
      next = timeline[index];
    }
  }
  return { timeline, failed, recoveredBy };
}

/**
 * The figures over `[from, to)`. `deployments` may reach before `from` (what
 * ran then) and after `to` (recoveries, hotfixes that follow); only those
 * finished within the range are counted.
 */
export function computeDora(
  deployments: ProdDeployment[],
  changes: CarriedChange[],
  options: DoraOptions,
): DoraComputation {
  let ranCount = 0;
  let changeSamples = 0;
  let changeFailures = 0;
  let rework = 0;
  let reworkSamples = 0;
  const recoveries: number[] = [];
  const firstInProd = new Map<string, Arrivals>();

  for (const [service, ofService] of byService(deployments)) {
    const { timeline, failed, recoveredBy } = timelineOf(
      ofService,
      options.hotfixWindowMs,
    );
    let running: ProdDeployment | undefined;
    for (let index = 0; index < timeline.length; index++) {
      const deployment = timeline[index];
      if (inRange(deployment.finishedAt, options)) {
        if (ran(deployment)) ranCount++;
        reworkSamples++;
        if (isRework(deployment, running)) rework++;
        if (deployment.kind !== 'rollback') {
          changeSamples++;
          if (failed[index]) changeFailures++;
        }
        const recovery = recoveredBy[index];
        if (deployment.state !== 'succeeded' && recovery) {
          recoveries.push(recovery.finishedAt - deployment.finishedAt);
        }
      }
      if (ran(deployment)) running = deployment;
    }
    firstInProd.set(
      service,
      new Arrivals(
        timeline.filter(ran).map(d => ({
          stage: PROD,
          finishedAt: d.finishedAt,
          builtAt: d.builtAt,
        })),
      ),
    );
  }

  const fromCommit: number[] = [];
  const fromMerge: number[] = [];
  for (const change of changes) {
    const arrived = firstInProd
      .get(change.service)
      ?.in(PROD, change.carrierBuiltAt);
    if (arrived === undefined || !inRange(arrived, options)) continue;
    if (change.committedAt !== undefined) {
      fromCommit.push(arrived - change.committedAt);
    }
    if (change.mergedAt !== undefined)
      fromMerge.push(arrived - change.mergedAt);
  }

  return {
    deployments: ranCount,
    deploymentsPerDay: ranCount / ((options.to - options.from) / DAY_MS),
    leadTimeFromCommit: distribution(fromCommit),
    leadTimeFromMerge: distribution(fromMerge),
    changeFailRate: rate(changeSamples, changeFailures),
    recoveryTime: distribution(recoveries),
    reworkRate: rate(reworkSamples, rework),
  };
}
