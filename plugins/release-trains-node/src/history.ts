import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  Change,
  DeploymentKind,
  TrainRunItem,
} from '@release-trains/plugin-release-trains-common';

/**
 * A build of a service, with the changes it brought.
 *
 * @public
 */
export type ImportedVersion = {
  /** Entity ref of the service. */
  service: string;
  version: string;
  commitSha: string;
  artifact?: string;
  builtAt: Date;
  changes: Change[];
  /** A hotfix, which delivery insights count as unplanned. Default release. */
  kind?: 'release' | 'hotfix';
};

/**
 * A finished deployment: succeeded unless said otherwise.
 *
 * @public
 */
export type ImportedDeployment = {
  /** Entity ref of the service. */
  service: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  /** Entity ref of the person who deployed it. */
  createdBy: string;
  createdAt: Date;
  /**
   * How it ended; a rolled-back one succeeded and was replaced by a later
   * rollback, which is imported too. Default succeeded.
   */
  state?: 'succeeded' | 'failed' | 'rolled-back';
  /** When it ended. Default `createdAt`. */
  finishedAt?: Date;
};

/**
 * A departure of a train that arrived, and what it carried.
 *
 * @public
 */
export type ImportedTrainRun = {
  train: string;
  departsAt: Date;
  cutoffAt: Date;
  /** Without deployment ids: the ledger gives imported deployments their own. */
  items: Omit<TrainRunItem, 'deploymentId'>[];
};

/**
 * The Release Trains ledger, as a history importer writes to it.
 *
 * @public
 */
export interface ReleaseTrainsHistoryLedger {
  /** Whether no deployment and no train run has been recorded yet. */
  isEmpty(): Promise<boolean>;
  /**
   * Adds versions with their changes. A version recorded already from the
   * same commit is left as it is; from another commit, it is a conflict.
   */
  addVersions(versions: ImportedVersion[]): Promise<void>;
  /**
   * Adds deployments in the order given, which should be the order they
   * happened in: a stage runs the version of its last one.
   */
  addDeployments(deployments: ImportedDeployment[]): Promise<void>;
  /** Adds train runs; a departure recorded already is left as it is. */
  addTrainRuns(runs: ImportedTrainRun[]): Promise<void>;
}

/**
 * Imports deploy history, e.g. from the tool Release Trains replaces.
 *
 * @public
 */
export interface ReleaseTrainsHistoryImporter {
  /** Unique id, for the log and errors. */
  readonly id: string;
  /**
   * Runs at every start of the backend; an importer that should import
   * once checks `ledger.isEmpty()` first.
   */
  importHistory(ledger: ReleaseTrainsHistoryLedger): Promise<void>;
}

/**
 * Lets backend modules import history from an earlier tool into the
 * Release Trains ledger.
 *
 * @public
 */
export interface ReleaseTrainsHistoryExtensionPoint {
  /** Ids are unique: a second importer with the same id stops start-up. */
  addHistoryImporter(importer: ReleaseTrainsHistoryImporter): void;
}

/**
 * The extension point through which history importers register. The
 * backend runs each once at start, after its migrations and before it
 * schedules anything, in a transaction of its own: an importer that fails
 * stops start-up and leaves the ledger as it was.
 *
 * @public
 */
export const releaseTrainsHistoryExtensionPoint =
  createExtensionPoint<ReleaseTrainsHistoryExtensionPoint>({
    id: 'release-trains.history',
  });
