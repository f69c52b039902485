// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBandThresholds } from './DoraBandThresholds.model';
import type { DoraFigures } from './DoraFigures.model';

/**
 * @public
 */
export interface DoraTeamsReport {
  system?: string;
  from: string;
  to: string;
  minimumSamples: number;
  bands: DoraBandThresholds;
  teams: Array<{
    owner: string;
    serviceCount: number;
    totals: DoraFigures;
  }>;
}
