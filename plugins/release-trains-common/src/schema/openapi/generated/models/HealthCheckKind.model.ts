// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * @public
 */
export type HealthCheckKind =
  | 'error-rate'
  | 'latency-p95'
  | 'health-check'
  | 'burn-rate';
