// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { PipelineSummary } from './PipelineSummary.model';

/**
 * @public
 */
export interface PipelineList {
  items: Array<PipelineSummary>;
}
