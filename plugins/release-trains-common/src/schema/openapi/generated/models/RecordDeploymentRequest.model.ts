// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DeploymentKind } from './DeploymentKind.model';
import type { Name } from './Name.model';
import type { ServiceRef } from './ServiceRef.model';
import type { Version } from './Version.model';

/**
 * @public
 */
export interface RecordDeploymentRequest {
  service: ServiceRef;
  stage: Name;
  version: Version;
  kind?: DeploymentKind;
}
