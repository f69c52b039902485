// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { StageStatus } from './StageStatus.model';

/**
 * A service's pipeline with the state of each of its stages, in order.
 *
 * @public
 */
export interface PipelineView {
  service: string;
  pipeline: string;
  stages: Array<StageStatus>;
}
