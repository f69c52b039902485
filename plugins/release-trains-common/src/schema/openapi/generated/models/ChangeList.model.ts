// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Change } from './Change.model';

/**
 * @public
 */
export interface ChangeList {
  items: Array<Change>;
}
