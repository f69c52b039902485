// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * A configured pipeline and its stages, in order.
 *
 * @public
 */
export interface PipelineSummary {
  name: string;
  stages: Array<{
    name: string;
    title: string;
  }>;
}
