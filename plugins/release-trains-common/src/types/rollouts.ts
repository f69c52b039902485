/**
 * The checks a roll-out's health is judged by (see docs/progressive-delivery.md).
 *
 * @public
 */
export type HealthCheckKind =
  | 'error-rate'
  | 'latency-p95'
  | 'health-check'
  | 'burn-rate';

/**
 * One step of a roll-out: shift traffic, wait (a time, or for a person),
 * or analyse health.
 *
 * @public
 */
export type RolloutStep =
  | { kind: 'set-weight'; weight: number }
  | {
      kind: 'pause';
      /** Absent: until a person resumes it. */ seconds?: number;
    }
  | { kind: 'analysis' };

/**
 * Where a roll-out stands: the new version coming up (`deploying`), steps
 * running, waiting for a person (`paused`), or over.
 *
 * @public
 */
export type RolloutPhase =
  | 'deploying'
  | 'stepping'
  | 'paused'
  | 'completed'
  | 'aborted';

/**
 * One measurement of a check during an analysis step. `value` is what was
 * compared with the threshold: the difference to the baseline for error
 * rate (percentage points) and latency (ms), the canary's value otherwise.
 *
 * @public
 */
export type RolloutMeasurement = {
  stepIndex: number;
  check: HealthCheckKind;
  phase: 'successful' | 'failed' | 'inconclusive' | 'error';
  canary?: number;
  baseline?: number;
  value?: number;
  threshold: number;
  reason?: string;
  /** ISO 8601. */
  measuredAt: string;
};

/**
 * A deployment's progressive roll-out with its health analysis.
 *
 * @public
 */
export type Rollout = {
  deploymentId: string;
  /** The strategy the stage configures. */
  strategy: 'canary' | 'blue-green';
  /** How it runs: `rolling` when the deployer cannot shift traffic. */
  runsAs: 'canary' | 'blue-green' | 'rolling';
  /** Why it runs as it does, when that differs from the strategy. */
  note?: string;
  /** The version that ran before, which the new one is compared with. */
  baselineVersion?: string;
  steps: RolloutStep[];
  /** The step running (steps.length once all ran). */
  stepIndex: number;
  /** ISO 8601: when the current step began. */
  stepStartedAt?: string;
  /** Percent of traffic on the new version. */
  weight: number;
  phase: RolloutPhase;
  /** Why it waits for a person, while paused. */
  pausedReason?: string;
  /** Why it was aborted: the trigger and the measured values, or who aborted it. */
  abortReason?: string;
  /** ISO 8601: the measurement that failed the analysis. */
  breachedAt?: string;
  /** The rollback the abort started. */
  rollbackDeploymentId?: string;
  /** ISO 8601. */
  rollbackStartedAt?: string;
  /** Milliseconds from the breach to the rollback's start. */
  breachToRollbackMs?: number;
  /** The stage's checks and their thresholds. */
  checks: { kind: HealthCheckKind; threshold: number }[];
  /** Oldest first. */
  measurements: RolloutMeasurement[];
};

/**
 * A rehearsed rollback: in a stage before the last, the version deployed,
 * rolled back to its predecessor and deployed again, each step timed.
 *
 * @public
 */
export type RollbackRehearsal = {
  id: string;
  /** Entity ref of the service. */
  service: string;
  stage: string;
  version: string;
  /** The version it was rolled back to. */
  previousVersion: string;
  phase: 'deploy' | 'rollback' | 'redeploy' | 'done';
  state: 'running' | 'succeeded' | 'failed';
  /** The deployment of the current phase. */
  deploymentId?: string;
  /** How long the rollback took, once done. */
  rollbackMs?: number;
  /** How long deploying the version again took, once done. */
  redeployMs?: number;
  /** Why it failed. */
  reason?: string;
  requestedBy: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: when the current phase began. */
  phaseStartedAt: string;
  finishedAt?: string;
};
