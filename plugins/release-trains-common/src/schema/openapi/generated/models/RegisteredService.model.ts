// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * A registered service and where to watch it.
 *
 * @public
 */
export interface RegisteredService {
  service: string;
  pipeline: string;
  train?: string;
  /**
   * The service's Release tab in the portal.
   */
  releaseTabUrl: string;
}
