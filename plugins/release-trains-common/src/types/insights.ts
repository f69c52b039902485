/**
 * A DORA performance band (DORA's 2024 report); `low` is below the others.
 *
 * @public
 */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * A duration over samples: median and 90th percentile, in seconds, when
 * there are enough samples.
 *
 * @public
 */
export type DoraDuration = {
  samples: number;
  /** Whether there are at least the configured minimum of samples. */
  enough: boolean;
  medianSeconds?: number;
  p90Seconds?: number;
};

/**
 * A share of samples: `count` of `samples`, and `rate` when there are enough.
 *
 * @public
 */
export type DoraRate = {
  samples: number;
  count: number;
  enough: boolean;
  rate?: number;
};

/**
 * The five DORA metrics over a period, with their samples and bands.
 *
 * @public
 */
export type DoraFigures = {
  /** Deployments that ran in the last stage. */
  deploymentFrequency: {
    deployments: number;
    perDay: number;
    band: DoraBand;
  };
  /** From a change's commit, and from its merge, to its first run in the last stage. */
  leadTime: {
    fromCommit: DoraDuration;
    fromMerge: DoraDuration;
    band?: DoraBand;
  };
  /** Deployments that failed, were rolled back or were followed by a hotfix. */
  changeFailRate: DoraRate & { band?: DoraBand };
  /** From a failed or rolled-back deployment to the next good one. */
  recoveryTime: DoraDuration & { band?: DoraBand };
  /** Rollbacks, hotfixes and re-deployments of older versions. */
  reworkRate: DoraRate;
};

/**
 * Which DORA metrics to fetch: a service, an owner's services, a system's,
 * or (none of them) the organisation's; over `from`–`to` (ISO 8601; the
 * last 90 days by default), per day, week or month in `timeZone`.
 *
 * @public
 */
export type DoraQuery = {
  service?: string;
  owner?: string;
  system?: string;
  from?: string;
  to?: string;
  bucket?: 'day' | 'week' | 'month';
  timeZone?: string;
};

/**
 * `GET /insights/dora`: the DORA metrics of a service, an owner's services,
 * a system's or the organisation's, over a period and per bucket of it.
 *
 * @public
 */
export type DoraReport = {
  scope: { service?: string; owner?: string; system?: string };
  /** The services counted: those in scope the reader may see. */
  serviceCount: number;
  from: string;
  to: string;
  bucket: 'day' | 'week' | 'month';
  timeZone: string;
  minimumSamples: number;
  totals: DoraFigures;
  buckets: Array<{ start: string; end: string } & DoraFigures>;
};
