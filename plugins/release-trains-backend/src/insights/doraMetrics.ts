import { DeploymentKind } from '@release-trains/plugin-release-trains-common';
import { Arrivals } from './arrivals';
import { ChangeFact, DeploymentFact, DoraFacts } from '../ledger/DoraFactStore';
import { groupBy } from './groupBy';

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

const inRange = (at: number, { from, to }: { from: number; to: number }) =>
  at >= from && at < to;

/** Did the deployment put its version into the stage (even if undone later)? */
const ran = (d: ProdDeployment) => d.state !== 'failed';

/**
 * Nearest-rank percentile of sorted values: the first whose rank reaches
 * p % of them (PostgreSQL's percentile_disc). In integers, so that no
 * rounding moves the rank.
 */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
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
 * What each deployment and change counts for, from the whole history of
 * the services given: verdicts that look ahead (a hotfix that follows, the
 * deployment that recovers) and back (what ran before) see all of it.
 */
export function doraFactsOf(
  deployments: ProdDeployment[],
  changes: CarriedChange[],
  hotfixWindowMs: number,
): DoraFacts {
  const deploymentFacts: DeploymentFact[] = [];
  const firstInProd = new Map<string, Arrivals>();

  for (const [service, ofService] of groupBy(deployments, d => d.service)) {
    const { timeline, failed, recoveredBy } = timelineOf(
      ofService,
      hotfixWindowMs,
    );
    let running: ProdDeployment | undefined;
    for (let index = 0; index < timeline.length; index++) {
      const deployment = timeline[index];
      const recovery = recoveredBy[index];
      deploymentFacts.push({
        id: deployment.id,
        service,
        finishedAt: deployment.finishedAt,
        ran: ran(deployment),
        isChange: deployment.kind !== 'rollback',
        failed: failed[index],
        rework: isRework(deployment, running),
        ...(deployment.state !== 'succeeded' &&
          recovery && {
            recoveryMs: recovery.finishedAt - deployment.finishedAt,
          }),
      });
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

  const changeFacts: ChangeFact[] = [];
  for (const change of changes) {
    const arrivedAt = firstInProd
      .get(change.service)
      ?.in(PROD, change.carrierBuiltAt);
    if (arrivedAt === undefined) continue;
    changeFacts.push({
      id: change.id,
      service: change.service,
      arrivedAt,
      ...(change.committedAt !== undefined && {
        fromCommitMs: arrivedAt - change.committedAt,
      }),
      ...(change.mergedAt !== undefined && {
        fromMergeMs: arrivedAt - change.mergedAt,
      }),
    });
  }
  return { deployments: deploymentFacts, changes: changeFacts };
}

/** The figures over `[from, to)`: the facts of that period added up. */
export function figuresOf(
  facts: DoraFacts,
  range: { from: number; to: number },
): DoraComputation {
  const deployments = facts.deployments.filter(d =>
    inRange(d.finishedAt, range),
  );
  const changes = facts.changes.filter(c => inRange(c.arrivedAt, range));
  const count = (test: (d: DeploymentFact) => boolean) =>
    deployments.filter(test).length;
  const defined = (values: (number | undefined)[]) =>
    values.filter((value): value is number => value !== undefined);
  const ranCount = count(d => d.ran);
  return {
    deployments: ranCount,
    deploymentsPerDay: ranCount / ((range.to - range.from) / DAY_MS),
    leadTimeFromCommit: distribution(defined(changes.map(c => c.fromCommitMs))),
    leadTimeFromMerge: distribution(defined(changes.map(c => c.fromMergeMs))),
    changeFailRate: rate(
      count(d => d.isChange),
      count(d => d.isChange && d.failed),
    ),
    recoveryTime: distribution(defined(deployments.map(d => d.recoveryMs))),
    reworkRate: rate(
      deployments.length,
      count(d => d.rework),
    ),
  };
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
  return figuresOf(
    doraFactsOf(deployments, changes, options.hotfixWindowMs),
    options,
  );
}
