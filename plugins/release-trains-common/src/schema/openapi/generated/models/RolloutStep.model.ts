// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * @public
 */
export type RolloutStep =
  | {
      kind: 'set-weight';
      weight: number;
    }
  | {
      kind: 'pause';
      seconds?: number;
    }
  | {
      kind: 'analysis';
    };
