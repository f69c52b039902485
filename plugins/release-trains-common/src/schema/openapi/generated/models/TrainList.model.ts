// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Train } from './Train.model';

/**
 * @public
 */
export interface TrainList {
  items: Array<Train>;
}
