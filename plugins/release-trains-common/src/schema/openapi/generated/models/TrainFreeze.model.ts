// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * No departure in this period, as configured: recurring (`cron`,
 * `durationMinutes`, `timeZone`) or from `start` to `end`.
 *
 * @public
 */
export interface TrainFreeze {
  reason: string;
  start?: string;
  end?: string;
  cron?: string;
  durationMinutes?: number;
  timeZone?: string;
}
