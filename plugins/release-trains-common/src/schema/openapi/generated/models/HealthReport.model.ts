// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { HealthCheckKind } from './HealthCheckKind.model';

/**
 * @public
 */
export interface HealthReport {
  samples: Array<{
    check: HealthCheckKind;
    /**
     * The new version's value (error rate 0 to 1, latency ms, health check 1 or 0,
     * burn rate).
     */
    canary?: number;
    /**
     * The baseline's value, where the check compares.
     */
    baseline?: number;
  }>;
}
