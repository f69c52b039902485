// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { TrainRun } from './TrainRun.model';

/**
 * @public
 */
export interface TrainRunList {
  items: Array<TrainRun>;
}
