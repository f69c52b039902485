// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * A requirement set through the API, and whether that changed it.
 *
 * @public
 */
export interface VersionRequirementResult {
  service: string;
  dependency: string;
  range: string;
  changed: boolean;
}
