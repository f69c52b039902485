// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * A service in the dependency graph, with what the stage runs of it.
 *
 * @public
 */
export interface DependencyNode {
  service: string;
  owner?: string;
  system?: string;
  runningVersion?: string;
}
