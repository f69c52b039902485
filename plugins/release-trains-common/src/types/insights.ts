/**
 * A DORA performance band (DORA's 2024 report); `low` is below the others.
 *
 * @public
 */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * The bounds of the bands: at least so many deployments a day; at most so
 * many hours of median lead time and recovery time, or such a fail rate.
 *
 * @public
 */
export type DoraBandThresholds = {
  deploymentsPerDay: DoraBandBounds;
  leadTimeHours: DoraBandBounds;
  changeFailRate: DoraBandBounds;
  recoveryHours: DoraBandBounds;
};

/**
 * The bound of each band but `low`, which is the rest.
 *
 * @public
 */
export type DoraBandBounds = { elite: number; high: number; medium: number };

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
  /** The bound a figure must meet for each band, as configured. */
  bands: DoraBandThresholds;
  totals: DoraFigures;
  buckets: Array<{ start: string; end: string } & DoraFigures>;
};

/**
 * Which teams to compare: the organisation's, or those owning services of
 * a system; over a period (default the last 90 days).
 *
 * @public
 */
export type DoraTeamsQuery = { system?: string; from?: string; to?: string };

/**
 * `GET /insights/dora/teams`: each team's DORA figures over a period, side
 * by side.
 *
 * @public
 */
export type DoraTeamsReport = {
  system?: string;
  from: string;
  to: string;
  minimumSamples: number;
  bands: DoraBandThresholds;
  /** Teams by owner ref; a team counts the services it owns the reader may see. */
  teams: Array<{ owner: string; serviceCount: number; totals: DoraFigures }>;
};

/**
 * Which services an insight covers: a service, an owner's services, a
 * system's, or (none of them) the organisation's.
 *
 * @public
 */
export type InsightsScope = {
  service?: string;
  owner?: string;
  system?: string;
};

/**
 * Which lag to fetch: the scope, and how many weeks of trend (default 8,
 * at most 52).
 *
 * @public
 */
export type LagQuery = InsightsScope & { weeks?: number };

/**
 * The oldest change running in a stage and not yet in the next.
 *
 * @public
 */
export type WaitingChange = {
  commitSha: string;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: string;
  /** When it first ran in the upstream stage. */
  arrivedAt: string;
  /** Seconds since it arrived in the upstream stage. */
  ageSeconds: number;
};

/**
 * A duration over samples: their count and, when there are any, the median
 * in seconds.
 *
 * @public
 */
export type LagDuration = { samples: number; medianSeconds?: number };

/**
 * What runs in a stage (upstream) and not yet in the next (downstream) of
 * a service's pipeline.
 *
 * @public
 */
export type StageLag = {
  upstream: string;
  downstream: string;
  upstreamVersion?: string;
  downstreamVersion?: string;
  /** Versions built after the newest one downstream and at or before upstream's. */
  waitingVersions: number;
  /** The changes those versions brought. */
  waitingChanges: number;
  oldestWaitingChange?: WaitingChange;
  /** The waiting changes at the start (Monday, UTC) of each of the last weeks, oldest first. */
  trend: Array<{ at: string; waitingChanges: number }>;
};

/**
 * The lead time of the changes that reached the last stage in a period,
 * split into commit to merge, merge to the first stage and the wait in
 * each stage (arrival there to arrival in the next); medians.
 *
 * @public
 */
export type LeadTimeSplit = {
  from: string;
  to: string;
  /** The changes that reached the last stage in the period. */
  changes: number;
  commitToMerge: LagDuration;
  mergeToFirstStage: LagDuration;
  stageWaits: Array<{ stage: string } & LagDuration>;
};

/**
 * The lag of one service: each adjacent pair of its pipeline's stages, and
 * its lead time split.
 *
 * @public
 */
export type ServiceLag = {
  service: string;
  stages: string[];
  pairs: StageLag[];
  leadTimeSplit: LeadTimeSplit;
};

/**
 * `GET /insights/lag`: what waits between the stages of each service in
 * scope, with its trend, and where the lead time goes.
 *
 * @public
 */
export type LagReport = {
  scope: InsightsScope;
  /** The services counted: those in scope the reader may see. */
  serviceCount: number;
  generatedAt: string;
  weeks: number;
  services: ServiceLag[];
  /** Over all services in scope; stage waits by stage name. */
  leadTimeSplit: LeadTimeSplit;
};

/**
 * Which gate compliance to fetch: the scope, over `from`–`to` (ISO 8601;
 * the last 90 days by default, at most 731 days).
 *
 * @public
 */
export type ComplianceQuery = InsightsScope & { from?: string; to?: string };

/**
 * Deployments that ran in the last stage, and how many passed its gate.
 *
 * @public
 */
export type GateShare = {
  deployments: number;
  gated: number;
  /** `gated` of `deployments`, when there were any. */
  share?: number;
};

/**
 * Releases (promotions that ran) into the last stage, and how many of them
 * had their version's rollback rehearsed, successfully, before they started.
 *
 * @public
 */
export type RehearsalShare = {
  releases: number;
  rehearsed: number;
  /** `rehearsed` of `releases`, when there were any. */
  share?: number;
};

/**
 * A deployment that ran in the last stage without passing its gate.
 *
 * @public
 */
export type UngatedDeploymentSummary = {
  id: string;
  version: string;
  finishedAt: string;
  createdBy: string;
  reason?: string;
};

/**
 * One service's gate compliance in its last stage over the period.
 *
 * @public
 */
export type ServiceCompliance = GateShare & {
  service: string;
  stage: string;
  rehearsals: RehearsalShare;
  /** Newest first; the newest 100 when `truncated`. */
  ungated: UngatedDeploymentSummary[];
  truncated: boolean;
};

/**
 * `GET /insights/compliance`: how many deployments into the last stage
 * passed the gate, per service in scope and in total, over a period.
 *
 * @public
 */
export type ComplianceReport = {
  scope: InsightsScope;
  serviceCount: number;
  from: string;
  to: string;
  totals: GateShare;
  /** Of the releases into the last stage, how many had a rehearsed rollback. */
  rehearsals: RehearsalShare;
  services: ServiceCompliance[];
};

/**
 * A way a stage departs from what its pipeline says it should run:
 * `ungated` (its deployment did not pass the gate), `not-upstream` (the
 * version never ran in the stage before: a skipped stage, a version never
 * seen upstream), `lagging` (the last stage is further behind the one
 * before than the configured number of versions or days).
 *
 * @public
 */
export type DriftFinding = {
  service: string;
  stage: string;
  kind: 'ungated' | 'not-upstream' | 'lagging';
  message: string;
};

/**
 * `GET /insights/drift`: the drift of a scope's services now.
 *
 * @public
 */
export type DriftReport = {
  scope: InsightsScope;
  serviceCount: number;
  findings: DriftFinding[];
};
