// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * A group of deployment states: `ran` (succeeded, rolled-back), `failure`
 * (failed, rolled-back).
 *
 * @public
 */
export type DeploymentOutcome = 'ran' | 'failure';
