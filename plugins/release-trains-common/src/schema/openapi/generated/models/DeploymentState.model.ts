// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * Where a deployment stands.
 *
 * @public
 */
export type DeploymentState =
  | 'pending'
  | 'awaiting-approval'
  | 'in-progress'
  | 'unknown'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'cancelled';
