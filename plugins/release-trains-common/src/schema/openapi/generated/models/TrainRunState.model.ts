// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * Where a train run is.
 *
 * @public
 */
export type TrainRunState =
  | 'boarding'
  | 'departed'
  | 'in-stage'
  | 'arrived'
  | 'partially-rolled-back'
  | 'cancelled';
