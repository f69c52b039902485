// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Name } from './Name.model';
import type { ServiceRef } from './ServiceRef.model';
import type { Timestamp } from './Timestamp.model';
import type { Version } from './Version.model';

/**
 * A step of a deployment that CI runs.
 *
 * @public
 */
export interface DeploymentEvent {
  type: 'deployment.started' | 'deployment.succeeded' | 'deployment.failed';
  service: ServiceRef;
  stage: Name;
  version: Version;
  /**
   * The id the CI system gave this deployment; all its events carry it. Not the
   * ledger's id, which answers as `deploymentId`.
   */
  externalId: string;
  occurredAt: Timestamp;
  reason?: string;
}
