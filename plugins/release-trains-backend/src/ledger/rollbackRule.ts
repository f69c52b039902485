import { DeploymentState } from '@release-trains/plugin-release-trains-common';

/** States of a deployment that ran in its stage: it succeeded there. */
export const SUCCEEDED_THERE = ['succeeded', 'rolled-back'] as const;

/** How many finished runs of a stage the rule looks back over. */
export const ROLLBACK_LOOKBACK = 200;

/** What the rule knows of a stage; `ran` holds its finished runs in SUCCEEDED_THERE, newest first. */
export type RollbackFacts = {
  stage: string;
  running: string;
  ran: ReadonlyArray<{
    version: string;
    state: DeploymentState;
    ungated?: boolean;
  }>;
  builtAt: ReadonlyMap<string, Date>;
};

/**
 * Why the stage cannot be rolled back to `version`, or undefined when it can:
 * the version must be older than the one running, and its latest run in the
 * stage must have passed the gate, succeeded and not been rolled back since.
 * Here, so that the rollback and the pipeline view apply the same rule.
 */
export function whyNotRollBackTo(
  facts: RollbackFacts,
  version: string,
): string | undefined {
  const { stage, running } = facts;
  const of = facts.ran.filter(d => d.version === version);
  if (of.length === 0) {
    return `${version} never succeeded in ${stage}, so it cannot be rolled back to`;
  }
  const built = facts.builtAt.get(version);
  const runningBuilt = facts.builtAt.get(running);
  if (!built || !runningBuilt || built >= runningBuilt) {
    return `${version} is not older than ${running}, which ${stage} runs: a rollback only goes back; promote it instead`;
  }
  // Its latest run in the stage decides: a later rollback or an ungated
  // run outweighs an earlier pass through the gate.
  const [latest] = of;
  if (latest.state === 'rolled-back') {
    return `${version} was rolled back in ${stage}; promote it through the gate instead`;
  }
  return latest.ungated
    ? `${version} ran in ${stage} without passing its gate (ungated), so it cannot be rolled back to`
    : undefined;
}

/** The newest version the stage can be rolled back to, if any. */
export function newestRollbackTarget(facts: RollbackFacts): string | undefined {
  return facts.ran.find(
    d => d.version !== facts.running && !whyNotRollBackTo(facts, d.version),
  )?.version;
}
