// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ChangeLocation } from './ChangeLocation.model';

/**
 * @public
 */
export interface ChangeSearchResult {
  items: Array<ChangeLocation>;
}
