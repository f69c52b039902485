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
};

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
