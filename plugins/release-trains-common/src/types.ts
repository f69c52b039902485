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
  /** Entity ref of the user or the subject of the service that recorded it. */
  createdBy: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
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
 * The version a stage currently runs; `current` is absent when the stage has
 * never been deployed to.
 *
 * @public
 */
export type StageStatus = {
  stage: string;
  title: string;
  current?: Pick<
    Deployment,
    'id' | 'version' | 'kind' | 'createdBy' | 'createdAt'
  >;
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
 * A page of deployments, newest first.
 *
 * @public
 */
export type DeploymentList = {
  items: Deployment[];
};
