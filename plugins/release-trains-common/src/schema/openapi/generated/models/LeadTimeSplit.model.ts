// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { LagDuration } from './LagDuration.model';

/**
 * @public
 */
export interface LeadTimeSplit {
  from: string;
  to: string;
  changes: number;
  commitToMerge: LagDuration;
  mergeToFirstStage: LagDuration;
  stageWaits: Array<{
    stage: string;
    samples: number;
    medianSeconds?: number;
  }>;
}
