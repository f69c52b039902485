// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { HealthCheckKind } from './HealthCheckKind.model';
import type { Timestamp } from './Timestamp.model';

/**
 * @public
 */
export interface RolloutMeasurement {
  stepIndex: number;
  check: HealthCheckKind;
  phase: 'successful' | 'failed' | 'inconclusive' | 'error';
  canary?: number;
  baseline?: number;
  /**
   * What met the threshold (the difference to the baseline for error rate and
   * latency).
   */
  value?: number;
  threshold: number;
  reason?: string;
  measuredAt: Timestamp;
}
