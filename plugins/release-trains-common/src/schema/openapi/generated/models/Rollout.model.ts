// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { HealthCheckKind } from './HealthCheckKind.model';
import type { RolloutMeasurement } from './RolloutMeasurement.model';
import type { RolloutStep } from './RolloutStep.model';
import type { Timestamp } from './Timestamp.model';
import type { Version } from './Version.model';

/**
 * @public
 */
export interface Rollout {
  deploymentId: string;
  strategy: 'canary' | 'blue-green';
  runsAs: 'canary' | 'blue-green' | 'rolling';
  note?: string;
  baselineVersion?: Version;
  steps: Array<RolloutStep>;
  stepIndex: number;
  stepStartedAt?: Timestamp;
  weight: number;
  phase: 'deploying' | 'stepping' | 'paused' | 'completed' | 'aborted';
  pausedReason?: string;
  abortReason?: string;
  breachedAt?: Timestamp;
  rollbackDeploymentId?: string;
  rollbackStartedAt?: Timestamp;
  breachToRollbackMs?: number;
  checks: Array<{
    kind: HealthCheckKind;
    threshold: number;
  }>;
  measurements: Array<RolloutMeasurement>;
}
