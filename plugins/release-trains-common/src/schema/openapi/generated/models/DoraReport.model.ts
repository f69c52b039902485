// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBandThresholds } from './DoraBandThresholds.model';
import type { DoraFigures } from './DoraFigures.model';

/**
 * @public
 */
export interface DoraReport {
  scope: {
    service?: string;
    owner?: string;
    system?: string;
  };
  serviceCount: number;
  from: string;
  to: string;
  bucket: 'day' | 'week' | 'month';
  timeZone: string;
  minimumSamples: number;
  bands: DoraBandThresholds;
  totals: DoraFigures;
  buckets: Array<
    DoraFigures & {
      start: string;
      end: string;
    }
  >;
}
