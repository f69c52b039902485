// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * Backstage's error answer.
 *
 * @public
 */
export interface ModelError {
  error: {
    name: string;
    message: string;
  };
  request?: {
    method?: string;
    url?: string;
  };
  response: {
    statusCode: number;
  };
}
