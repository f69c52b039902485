/**
 * The ways a deployment comes about.
 *
 * @public
 */
export const DEPLOYMENT_KINDS = ['deploy', 'promote', 'rollback'] as const;

/**
 * How a deployment came about.
 *
 * @public
 */
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/**
 * The states of a deployment, in the order it usually moves through them.
 *
 * @public
 */
export const DEPLOYMENT_STATES = [
  'pending',
  'awaiting-approval',
  'in-progress',
  'succeeded',
  'failed',
  'rolled-back',
  'cancelled',
] as const;

/**
 * Where a deployment stands.
 *
 * @public
 */
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/**
 * One recorded attempt to put a version of a service into a stage.
 *
 * @public
 */
export type Deployment = {
  id: string;
  /** Entity ref of the service, e.g. `component:default/payments`. */
  service: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  state: DeploymentState;
  /** Why it failed or was rolled back, when known. */
  reason?: string;
  /** Entity ref of the user or the subject of the service that recorded it. */
  createdBy: string;
  /** The deployer that carries it out, for promotions and rollbacks. */
  deployer?: string;
  /** The train run it rode, if a train carried it. */
  trainRunId?: string;
  /**
   * Set when the deployment changed what a stage with approvals runs
   * without passing its gate: recorded by hand or reported by CI.
   */
  ungated?: boolean;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
};

/**
 * What a request to record a deployment carries.
 *
 * @public
 */
export type RecordDeploymentRequest = {
  service: string;
  stage: string;
  version: string;
  kind?: DeploymentKind;
};

/**
 * A version waiting to enter a stage: it has passed the stage before (or been
 * built, for the first stage) and is newer than what the stage runs.
 *
 * @public
 */
export type WaitingVersion = {
  version: string;
  commitSha?: string;
  builtAt?: string;
};

/**
 * What a stage runs now, and what waits to enter it.
 *
 * @public
 */
export type StageStatus = {
  stage: string;
  title: string;
  /** The version running in the stage; absent if it never ran one. */
  current?: Pick<
    Deployment,
    'id' | 'version' | 'kind' | 'state' | 'createdBy' | 'createdAt' | 'ungated'
  > & {
    /** Since when the stage runs this version. */
    since: string;
  };
  /** A deployment into the stage that has not finished yet. */
  inFlight?: Pick<
    Deployment,
    'id' | 'version' | 'kind' | 'state' | 'createdAt'
  >;
  /** Newer versions waiting to enter the stage, newest first. */
  waiting: WaitingVersion[];
  /** Set after a rollback: nothing enters automatically until released. */
  hold?: StageHold;
  /** For a stage with approvals: how many of its deployments passed its gate. */
  compliance?: GateCompliance;
};

/**
 * How many deployments that ran in a stage with approvals passed its gate;
 * the others are ungated (recorded by hand or reported by CI).
 *
 * @public
 */
export type GateCompliance = {
  /** Deployments that ran in the stage (succeeded, or rolled back later). */
  deployments: number;
  /** Of those, the ones that passed the gate. */
  gated: number;
};

/**
 * A stage held after a rollback: only an explicit promotion of a newer
 * version releases it.
 *
 * @public
 */
export type StageHold = {
  /** Who rolled the stage back. */
  by: string;
  reason: string;
  at: string;
};

/**
 * A service's pipeline with the state of each of its stages, in order.
 *
 * @public
 */
export type PipelineView = {
  service: string;
  pipeline: string;
  stages: StageStatus[];
};

/**
 * A page of deployments, newest first; `nextCursor` fetches the next page.
 *
 * @public
 */
export type DeploymentPage = {
  items: Deployment[];
  nextCursor?: string;
};

/**
 * Filters of the deploy history.
 *
 * @public
 */
export type DeploymentFilter = {
  stage?: string;
  state?: DeploymentState;
  kind?: DeploymentKind;
  /** ISO 8601; deployments created at or after. */
  from?: string;
  /** ISO 8601; deployments created before. */
  to?: string;
};

/**
 * A commit merged into a service.
 *
 * @public
 */
export type Change = {
  commitSha: string;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: string;
  issueKeys: string[];
};

/**
 * How to find a change: by commit SHA (a prefix of at least 7 characters), PR
 * number, author or issue key; optionally within one service.
 *
 * @public
 */
export type ChangeQuery = {
  sha?: string;
  pr?: number;
  author?: string;
  issue?: string;
  service?: string;
};

/**
 * Whether a stage runs a change.
 *
 * @public
 */
export type ChangeStageStatus = {
  stage: string;
  title: string;
  /** True when the version the stage runs contains the change. */
  contains: boolean;
  /** Since when the stage has run a version containing it. */
  since?: string;
  /** The version the stage runs. */
  runningVersion?: string;
  /** When a train should bring the change here (an estimate). */
  expectedAt?: string;
};

/**
 * Where a change is: the version that brought it and each stage's status.
 *
 * @public
 */
export type ChangeLocation = {
  service: string;
  change: Change;
  /** The first version that contains the change; absent until one is built. */
  version?: string;
  stages: ChangeStageStatus[];
  /** The train departure that should carry it on, when its service rides one. */
  train?: { name: string; title: string; departsAt: string; cutoffAt: string };
};

/**
 * The answer to a change search.
 *
 * @public
 */
export type ChangeSearchResult = {
  items: ChangeLocation[];
};

/**
 * The checks a promotion must pass before it may start.
 *
 * @public
 */
export const GATES = [
  'order',
  'hold',
  'in-flight',
  'soak',
  'window',
  'freeze',
  'dependencies',
  'previous-stage-health',
  'approvals',
] as const;

/**
 * One of the checks a promotion must pass.
 *
 * @public
 */
export type Gate = (typeof GATES)[number];

/**
 * What a gate says about a promotion; `reason` explains, also when it passes.
 *
 * @public
 */
export type GateVerdict = {
  gate: Gate;
  passed: boolean;
  reason: string;
  /** The dependencies gate: services whose required range the stage fails. */
  unmetRequirements?: string[];
};

/**
 * Asks to promote a version of a service into a stage: by default the stage
 * after the furthest one the version succeeded in.
 *
 * @public
 */
export type PromotionRequest = {
  service: string;
  version: string;
  stage?: string;
  reason?: string;
};

/**
 * Asks to roll a stage back to an earlier version that succeeded there: by
 * default the one it ran before the current one.
 *
 * @public
 */
export type RollbackRequest = {
  service: string;
  stage: string;
  version?: string;
  reason: string;
};

/**
 * Whether a promotion could start now, and what each gate says.
 *
 * @public
 */
export type PromotionCheck = {
  service: string;
  version: string;
  stage: string;
  /** True when nothing but approvals stands in the way. */
  allowed: boolean;
  gates: GateVerdict[];
};

/**
 * An approver's decision on a deployment awaiting approval.
 *
 * @public
 */
export type ApprovalDecision = 'approve' | 'reject';

/**
 * An approver's recorded decision.
 *
 * @public
 */
export type Approval = {
  approver: string;
  decision: ApprovalDecision;
  comment?: string;
  at: string;
};

/**
 * A deployment with its approvals and what its stage requires.
 *
 * @public
 */
export type DeploymentDetails = Deployment & {
  approvals: Approval[];
  approvalsRequired: number;
  /** The catalog group whose members may approve, when the stage names one. */
  approverGroup?: string;
  /** Whether the caller may decide, while the deployment awaits approval. */
  eligibility?: ApprovalEligibility;
};

/**
 * Whether the caller may approve or reject a deployment, and why (not).
 *
 * @public
 */
export type ApprovalEligibility = {
  allowed: boolean;
  reason: string;
};

/**
 * One scheduled departure of a train.
 *
 * @public
 */
export type TrainDeparture = {
  train: string;
  /** ISO 8601. */
  departsAt: string;
  /** Versions built after this wait for the next departure. */
  cutoffAt: string;
  /** Set when a freeze cancels the departure. */
  frozen?: { reason: string };
};

/**
 * A release train as configured, with its next departure.
 *
 * @public
 */
export type Train = {
  name: string;
  title: string;
  cron: string;
  timeZone: string;
  cutoffMinutes: number;
  pipeline: string;
  boardsFrom: string;
  maxChanges?: number;
  /** Entity refs of the services that ride it. */
  services: string[];
  freezes: { reason: string; start?: string; end?: string; cron?: string }[];
  next?: TrainDeparture;
};

/**
 * Where a train run is.
 *
 * @public
 */
export type TrainRunState =
  | 'boarding'
  | 'departed'
  | 'in-stage'
  | 'arrived'
  | 'partially-rolled-back'
  | 'cancelled';

/**
 * What a train run carries for one service, and where it is.
 *
 * @public
 */
export type TrainRunItem = {
  service: string;
  /** The version boarded; absent when the service waits. */
  version?: string;
  /** What the first stage after boarding ran at departure. */
  fromVersion?: string;
  state:
    | 'boarded'
    | 'in-progress'
    | 'awaiting-approval'
    | 'arrived'
    | 'failed'
    | 'blocked'
    | 'waiting';
  stage?: string;
  deploymentId?: string;
  /** How many changes the version brings. */
  changes: number;
  reason?: string;
};

/**
 * A departure of a train: its state and, in detail, its manifest.
 *
 * @public
 */
export type TrainRun = {
  id: string;
  train: string;
  departsAt: string;
  cutoffAt: string;
  state: TrainRunState;
  /** When in-stage: the stage the run is in. */
  stage?: string;
  reason?: string;
  createdAt: string;
  finishedAt?: string;
  items: TrainRunItem[];
};

/**
 * A train run with, for each service, the changes its version brings.
 *
 * @public
 */
export type TrainRunManifest = Omit<TrainRun, 'items'> & {
  items: (TrainRunItem & { changeList: Change[] })[];
};

/**
 * Registers a new service with a pipeline (and a train) before the catalog
 * has processed it.
 *
 * @public
 */
export type RegisterServiceRequest = {
  service: string;
  pipeline: string;
  train?: string;
};

/**
 * A registered service and where to watch it.
 *
 * @public
 */
export type RegisteredService = {
  service: string;
  pipeline: string;
  train?: string;
  /** The service's Release tab in the portal. */
  releaseTabUrl: string;
};

/**
 * A configured pipeline: its stages, in order.
 *
 * @public
 */
export type PipelineSummary = {
  name: string;
  stages: { name: string; title: string }[];
};

/**
 * A service in the dependency graph, with what the stage runs of it.
 *
 * @public
 */
export type DependencyNode = {
  service: string;
  owner?: string;
  system?: string;
  runningVersion?: string;
};

/**
 * `from` depends on `to` (`dependsOn`, an API `to` provides, or a version
 * requirement); with a requirement, whether the stage satisfies it.
 *
 * @public
 */
export type DependencyEdge = {
  from: string;
  to: string;
  /** The APIs `from` consumes that `to` provides, if any. */
  apis?: string[];
  /** The semver range `from` requires of `to`. */
  range?: string;
  /** Where the range comes from: the annotation, or set through the API. */
  rangeSource?: 'annotation' | 'api';
  /** The version of `to` the stage runs. */
  runningVersion?: string;
  verdict: 'satisfied' | 'violated' | 'unknown' | 'invalid';
  reason: string;
};

/**
 * The dependency graph of services in one stage.
 *
 * @public
 */
export type DependencyGraph = {
  stage: string;
  nodes: DependencyNode[];
  edges: DependencyEdge[];
};

/**
 * Which part of the dependency graph to fetch: a stage, and a service's
 * neighbourhood (`depth` edges both ways) or the organisation, filtered.
 *
 * @public
 */
export type DependencyGraphQuery = {
  stage: string;
  service?: string;
  depth?: number;
  owner?: string;
  system?: string;
  /** Only violated or invalid requirements. */
  violations?: boolean;
};

/**
 * The semver range `service` requires of `dependency`, set through the API.
 *
 * @public
 */
export type VersionRequirement = {
  service: string;
  dependency: string;
  range: string;
};
