// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * How a deployment came about.
 *
 * @public
 */
export type DeploymentKind = 'deploy' | 'promote' | 'rollback';
