// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DeploymentEvent } from './DeploymentEvent.model';
import type { VersionCreatedEvent } from './VersionCreatedEvent.model';

/**
 * @public
 */
export type IngestionEvent = VersionCreatedEvent | DeploymentEvent;
