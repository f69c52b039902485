import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What a deployer is asked to do: put one version of a service into a stage.
 *
 * @public
 */
export type DeploymentRequest = {
  deploymentId: string;
  /** Entity ref of the service. */
  service: string;
  stage: string;
  version: string;
  /** `promote` moves forward; `rollback` returns to an earlier version. */
  kind: 'promote' | 'rollback';
  /** ISO 8601: when the deployment started. */
  startedAt: string;
  /**
   * Set when the stage rolls versions out progressively and the deployer
   * offers `rollout` operations: start then brings the new version up
   * beside the running one (`baselineVersion`) without traffic — the canary
   * at weight 0, or the idle colour — and the backend shifts traffic step
   * by step with those operations, watching its health.
   */
  rollout?: RolloutRequest;
};

/**
 * How a deployment is rolled out, when its stage configures a strategy.
 *
 * @public
 */
export type RolloutRequest = {
  strategy: 'canary' | 'blue-green';
  /** The version running before, which keeps the rest of the traffic. */
  baselineVersion?: string;
  /** Canary: the weights the steps will set, in order (ending with 100). */
  weights?: number[];
  /** Blue-green: minutes to keep the previous colour after the switch. */
  keepPreviousMinutes?: number;
};

/**
 * Traffic operations of a deployer that can roll out progressively. A
 * deployer without them runs every strategy as rolling (all at once), and
 * the portal says so.
 *
 * @public
 */
export interface RolloutOperations {
  /** Canary: sends `weight` percent of the traffic to the new version. */
  setWeight(request: DeploymentRequest, weight: number): Promise<void>;
  /** Blue-green: sends all traffic to the new colour. */
  switchTraffic(request: DeploymentRequest): Promise<void>;
  /** Sends all traffic back to the baseline and takes the new version down. */
  abort(request: DeploymentRequest): Promise<void>;
}

/**
 * Where a deployment stands, as its deployer reports it: `unknown` when
 * the deployer cannot tell whether it started or how it went, which holds
 * the stage until a person resolves it.
 *
 * @public
 */
export type DeployerStatus =
  | { state: 'in-progress'; message?: string }
  | { state: 'succeeded'; message?: string }
  | { state: 'failed'; message: string }
  | { state: 'unknown'; message: string };

/**
 * Drives a real deployment system (a webhook, GitHub Actions, Argo CD, ...).
 * A deployer starts deployments and reports their status; it never writes to
 * the ledger itself.
 *
 * @public
 */
export interface ReleaseTrainsDeployer {
  /** Unique id, referenced from the pipeline configuration. */
  readonly id: string;
  /**
   * Starts the deployment and returns its first status. An error leaves
   * the deployment in progress (the start may have reached the other
   * side), to be settled by `status` until its deadline.
   */
  start(request: DeploymentRequest): Promise<DeployerStatus>;
  /** Reports the current status of a deployment started earlier. */
  status(request: DeploymentRequest): Promise<DeployerStatus>;
  /** Present when the deployer can shift traffic (canary, blue-green). */
  readonly rollout?: RolloutOperations;
}

/**
 * Lets backend modules add deployers to the Release Trains backend.
 *
 * @public
 */
export interface ReleaseTrainsDeployerExtensionPoint {
  addDeployer(deployer: ReleaseTrainsDeployer): void;
  /**
   * For deployers whose system calls back (instead of, or besides, being
   * polled): reports how a deployment went, as the deployer `deployerId`.
   * Usable once the backend has started.
   */
  statusReporter(deployerId: string): DeploymentStatusReporter;
  /**
   * For deployers (or their systems) that measure the health of what they
   * roll out: reports it as `POST /deployments/{id}/health` does, for the
   * `push` metric provider. Usable once the backend has started.
   */
  healthReporter(deployerId: string): DeploymentHealthReporter;
}

/**
 * One metric of a roll-out, as a system measured it: the new version's
 * value and the baseline's. Error rates are fractions (0.02 is 2 %),
 * latencies milliseconds, a health check 1 (passing) or 0.
 *
 * @public
 */
export type HealthSample = {
  check: 'error-rate' | 'latency-p95' | 'health-check' | 'burn-rate';
  canary?: number;
  baseline?: number;
};

/**
 * Reports measured health of a deployment in progress.
 *
 * @public
 */
export interface DeploymentHealthReporter {
  /** Throws NotFoundError for an unknown deployment, ConflictError for one not in progress. */
  report(deploymentId: string, samples: HealthSample[]): Promise<void>;
}

/**
 * Reports the status of a deployment to the Release Trains backend, which
 * records it as if the deployer had been polled.
 *
 * @public
 */
export interface DeploymentStatusReporter {
  /**
   * Throws NotFoundError for an unknown deployment, ConflictError for one
   * that this deployer does not carry out or that has already finished.
   */
  report(deploymentId: string, status: DeployerStatus): Promise<void>;
}

/**
 * The extension point through which deployer modules register.
 *
 * @public
 */
export const releaseTrainsDeployerExtensionPoint =
  createExtensionPoint<ReleaseTrainsDeployerExtensionPoint>({
    id: 'release-trains.deployer',
  });
