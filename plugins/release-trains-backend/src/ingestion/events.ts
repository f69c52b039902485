/** A build of a service, reported by CI. */
export type VersionCreatedEvent = {
  type: 'version.created';
  service: string;
  version: string;
  commitSha: string;
  artifact?: string;
  builtAt: string;
  /** A release unless CI says it is a hotfix; see `isHotfix`. */
  kind?: 'release' | 'hotfix';
  changes?: {
    commitSha: string;
    prNumber?: number;
    title: string;
    author: string;
    mergedAt?: string;
    /** Not after `mergedAt`. */
    committedAt?: string;
    issueKeys?: string[];
    labels?: string[];
  }[];
};

/** A step of a deployment that CI runs, identified by CI's own id. */
export type DeploymentEvent = {
  type: 'deployment.started' | 'deployment.succeeded' | 'deployment.failed';
  service: string;
  stage: string;
  version: string;
  /** CI's own id of the deployment; the ledger gives it its own id. */
  externalId: string;
  occurredAt: string;
  reason?: string;
};

export type IngestionEvent = VersionCreatedEvent | DeploymentEvent;

export type EventOutcome = {
  outcome: 'created' | 'updated' | 'unchanged';
  deploymentId?: string;
  version?: string;
};

export type IngestionResult = {
  deliveryId: string;
  results: EventOutcome[];
};
