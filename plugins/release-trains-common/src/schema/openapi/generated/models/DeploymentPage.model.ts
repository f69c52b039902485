// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Deployment } from './Deployment.model';

/**
 * A page of deployments, newest first; `nextCursor` fetches the next page.
 *
 * @public
 */
export interface DeploymentPage {
  items: Array<Deployment>;
  nextCursor?: string;
}
