// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * @public
 */
export interface ResumeRolloutRequest {
  reason?: string;
}
