// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBand } from './DoraBand.model';
import type { DoraDuration } from './DoraDuration.model';
import type { DoraRate } from './DoraRate.model';

/**
 * @public
 */
export interface DoraFigures {
  deploymentFrequency: {
    deployments: number;
    perDay: number;
    band: DoraBand;
  };
  leadTime: {
    fromCommit: DoraDuration;
    fromMerge: DoraDuration;
    band?: DoraBand;
  };
  changeFailRate: DoraRate;
  recoveryTime: DoraDuration;
  reworkRate: DoraRate;
}
