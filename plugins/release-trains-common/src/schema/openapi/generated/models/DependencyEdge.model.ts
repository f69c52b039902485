// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * `from` depends on `to` (`dependsOn`, an API `to` provides, or a version
 * requirement); with a requirement, whether the stage satisfies it.
 *
 * @public
 */
export interface DependencyEdge {
  from: string;
  to: string;
  /**
   * The APIs `from` consumes that `to` provides, if any.
   */
  apis?: Array<string>;
  /**
   * The semver range `from` requires of `to`.
   */
  range?: string;
  /**
   * Where the range comes from, the annotation or the API.
   */
  rangeSource?: 'annotation' | 'api';
  /**
   * The version of `to` the stage runs.
   */
  runningVersion?: string;
  verdict: 'satisfied' | 'violated' | 'unknown' | 'invalid';
  reason: string;
}
