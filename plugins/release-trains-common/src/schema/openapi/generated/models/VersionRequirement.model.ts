// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ServiceRef } from './ServiceRef.model';

/**
 * The semver range `service` requires of `dependency`.
 *
 * @public
 */
export interface VersionRequirement {
  service: ServiceRef;
  dependency: ServiceRef;
  range: string;
}
