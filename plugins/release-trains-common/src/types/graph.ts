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
 * The semver range `service` requires of `dependency`, set through the API.
 *
 * @public
 */
export type VersionRequirement = {
  service: string;
  dependency: string;
  range: string;
};
