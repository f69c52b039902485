import {
  DoraDuration,
  DoraFigures,
  DoraRate,
  DoraReport,
} from '@release-trains/plugin-release-trains-common';
import { PipelineConfig } from '../config/pipelines';
import { InsightsSettings } from '../config/insights';
import { Visibility } from '../graph/DependencyGraphService';
import { Ledger } from '../ledger/Ledger';
import { bandAtLeast, bandAtMost } from './bands';
import { BucketSize, bucketsOf } from './buckets';
import { DAY_MS, periodOf } from './period';
import { lastStagesInScope, ScopeQuery, scopeOf } from './scope';
import {
  CarriedChange,
  computeDora,
  DoraComputation,
  Distribution,
  ProdDeployment,
} from './doraMetrics';

/** How far before the period the ledger is read: what ran when it began. */
const LOOKBACK_MS = 30 * DAY_MS;
/** How far before the period changes are read, for their lead times. */
const CHANGE_LOOKBACK_MS = 365 * DAY_MS;

export type DoraQuery = ScopeQuery & {
  from?: Date;
  to?: Date;
  bucket?: BucketSize;
  timeZone?: string;
};

/** The DORA metrics of a scope of services, from the ledger alone. */
export class DoraService {
  constructor(
    private readonly options: {
      ledger: Ledger;
      pipelines: ReadonlyMap<string, PipelineConfig>;
      settings: InsightsSettings;
      now?: () => Date;
    },
  ) {}

  async report(query: DoraQuery, visible: Visibility): Promise<DoraReport> {
    const { from, to } = periodOf(query, this.options.now?.() ?? new Date());
    const bucket = query.bucket ?? 'week';
    const timeZone = query.timeZone ?? 'UTC';
    const buckets = bucketsOf(from, to, bucket, timeZone);

    const { ledger, pipelines } = this.options;
    const services = await lastStagesInScope(ledger, pipelines, query, visible);
    const { deployments, changes } = await this.read(services, from);
    const figures = (range: { from: number; to: number }) =>
      this.view(
        computeDora(deployments, changes, {
          ...range,
          hotfixWindowMs: this.options.settings.hotfixWindowHours * 3_600_000,
        }),
      );
    return {
      scope: scopeOf(query),
      serviceCount: services.length,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket,
      timeZone,
      minimumSamples: this.options.settings.minimumSamples,
      bands: this.options.settings.bands,
      totals: figures({ from, to }),
      buckets: buckets.map(range => ({
        start: new Date(range.start).toISOString(),
        end: new Date(range.end).toISOString(),
        ...figures({ from: range.start, to: range.end }),
      })),
    };
  }

  private async read(
    services: { service: string; stage: string }[],
    from: number,
  ) {
    const { insights } = this.options.ledger;
    if (services.length === 0) return { deployments: [], changes: [] };
    const runs = await insights.finishedIn(
      services,
      new Date(from - LOOKBACK_MS),
    );
    const deployments: ProdDeployment[] = runs.map(row => ({
      id: row.id,
      service: row.service_ref,
      version: row.version,
      kind: row.kind,
      state: row.state,
      finishedAt: new Date(row.finished_at).getTime(),
      ...(row.built_at !== null && {
        builtAt: new Date(row.built_at).getTime(),
      }),
      hotfix: Boolean(row.hotfix),
    }));
    const carried = await insights.carriedSince(
      services.map(s => s.service),
      new Date(from - CHANGE_LOOKBACK_MS),
    );
    const changes: CarriedChange[] = carried.map(row => ({
      id: String(row.id),
      service: row.service_ref,
      carrierBuiltAt: new Date(row.carrier_built_at).getTime(),
      ...(row.committed_at !== null && {
        committedAt: new Date(row.committed_at).getTime(),
      }),
      ...(row.merged_at !== null && {
        mergedAt: new Date(row.merged_at).getTime(),
      }),
    }));
    return { deployments, changes };
  }

  /** The computed figures as the API gives them, with bands where enough. */
  private view(computed: DoraComputation): DoraFigures {
    const { bands, minimumSamples } = this.options.settings;
    const duration = (d: Distribution): DoraDuration => {
      const enough = d.samples >= minimumSamples;
      return {
        samples: d.samples,
        enough,
        ...(enough && {
          medianSeconds: Math.round(d.medianMs! / 1000),
          p90Seconds: Math.round(d.p90Ms! / 1000),
        }),
      };
    };
    const share = (r: { samples: number; count: number; rate?: number }) => {
      const enough = r.samples >= minimumSamples;
      const result: DoraRate = { samples: r.samples, count: r.count, enough };
      if (enough) result.rate = r.rate;
      return result;
    };
    const fromCommit = duration(computed.leadTimeFromCommit);
    const fromMerge = duration(computed.leadTimeFromMerge);
    const leadSeconds = fromCommit.enough
      ? fromCommit.medianSeconds
      : fromMerge.medianSeconds;
    const changeFailRate = share(computed.changeFailRate);
    const recoveryTime = duration(computed.recoveryTime);
    return {
      deploymentFrequency: {
        deployments: computed.deployments,
        perDay: computed.deploymentsPerDay,
        band: bandAtLeast(computed.deploymentsPerDay, bands.deploymentsPerDay),
      },
      leadTime: {
        fromCommit,
        fromMerge,
        ...(leadSeconds !== undefined && {
          band: bandAtMost(leadSeconds / 3600, bands.leadTimeHours),
        }),
      },
      changeFailRate: {
        ...changeFailRate,
        ...(changeFailRate.rate !== undefined && {
          band: bandAtMost(changeFailRate.rate, bands.changeFailRate),
        }),
      },
      recoveryTime: {
        ...recoveryTime,
        ...(recoveryTime.medianSeconds !== undefined && {
          band: bandAtMost(
            recoveryTime.medianSeconds / 3600,
            bands.recoveryHours,
          ),
        }),
      },
      reworkRate: share(computed.reworkRate),
    };
  }
}
