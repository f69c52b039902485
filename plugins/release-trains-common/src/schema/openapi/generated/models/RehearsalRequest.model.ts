// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Name } from './Name.model';
import type { ServiceRef } from './ServiceRef.model';
import type { Version } from './Version.model';

/**
 * @public
 */
export interface RehearsalRequest {
  service: ServiceRef;
  stage: Name;
  version?: Version;
}
