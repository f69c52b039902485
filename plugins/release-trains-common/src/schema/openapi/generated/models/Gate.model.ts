// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * One of the checks a promotion must pass.
 *
 * @public
 */
export type Gate =
  | 'order'
  | 'hold'
  | 'in-flight'
  | 'soak'
  | 'window'
  | 'freeze'
  | 'dependencies'
  | 'previous-stage-health'
  | 'rehearsal'
  | 'approvals';
