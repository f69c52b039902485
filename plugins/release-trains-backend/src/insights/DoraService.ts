import {
  DoraDuration,
  DoraFigures,
  DoraRate,
  DoraReport,
  DoraTeamsReport,
} from '@release-trains/plugin-release-trains-common';
import { InsightsSettings } from '../config/insights';
import { Visibility } from '../graph/DependencyGraphService';
import { bandAtLeast, bandAtMost } from './bands';
import { BucketSize, bucketsOf } from './buckets';
import { DAY_MS, periodOf } from './period';
import {
  everything,
  InsightSources,
  lastStagesInScope,
  scopeOf,
  ScopeQuery,
} from './scope';
import { chunksByWeight } from '../ledger/deploymentRows';
import { FactTotals, RankedValues } from '../ledger/DoraFactStore';
import {
  CarriedChange,
  DoraComputation,
  Distribution,
  doraFactsOf,
  ProdDeployment,
} from './doraMetrics';

/** How many services' facts are worked out at a time. */
const REFRESH_CHUNK = 200;
/** At most this many deployments' history in memory at once (unless one service has more). */
const REFRESH_DEPLOYMENTS = 50_000;

export type DoraQuery = ScopeQuery & {
  from?: Date;
  to?: Date;
  bucket?: BucketSize;
  timeZone?: string;
};

/** The DORA metrics of a scope of services, from the ledger alone. */
export class DoraService {
  constructor(
    private readonly options: InsightSources & {
      settings: InsightsSettings;
    },
  ) {}

  async report(query: DoraQuery, visible: Visibility): Promise<DoraReport> {
    const { from, to } = periodOf(query, this.options.now?.() ?? new Date());
    const bucket = query.bucket ?? 'week';
    const timeZone = query.timeZone ?? 'UTC';
    const buckets = bucketsOf(from, to, bucket, timeZone);

    const { ledger, pipelines } = this.options;
    const services = await lastStagesInScope(ledger, pipelines, query, visible);
    await this.refresh(services);
    const added = await ledger.doraFacts.addUp(
      services.map(s => s.service),
      buckets.map(range => range.start),
      to,
    );
    const figures = (facts: FactTotals, range: { from: number; to: number }) =>
      this.view(computationOf(facts, range));
    return {
      scope: scopeOf(query),
      serviceCount: services.length,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket,
      timeZone,
      minimumSamples: this.options.settings.minimumSamples,
      bands: this.options.settings.bands,
      totals: figures(added.totals, { from, to }),
      buckets: buckets.map((range, i) => ({
        start: new Date(range.start).toISOString(),
        end: new Date(range.end).toISOString(),
        ...figures(added.buckets[i], { from: range.start, to: range.end }),
      })),
    };
  }

  /**
   * Each team's figures over the period, side by side: the teams that own
   * services in scope (the organisation, or a system), each counting the
   * services it owns that the reader may see. Unowned services count in no
   * team.
   */
  async teams(
    query: { system?: string; from?: Date; to?: Date },
    visible: Visibility,
  ): Promise<DoraTeamsReport> {
    const { from, to } = periodOf(query, this.options.now?.() ?? new Date());
    const { ledger, pipelines, settings } = this.options;
    const services = await lastStagesInScope(
      ledger,
      pipelines,
      { system: query.system },
      visible,
    );
    await this.refresh(services);
    const records = await ledger.services.getMany(services.map(s => s.service));
    const byOwner = new Map<string, string[]>();
    for (const { service } of services) {
      const owner = records.get(service)?.owner;
      if (owner) byOwner.set(owner, [...(byOwner.get(owner) ?? []), service]);
    }
    const owners = [...byOwner.keys()].sort();
    const totals = await Promise.all(
      owners.map(owner =>
        ledger.doraFacts.addUp(byOwner.get(owner)!, [from], to),
      ),
    );
    return {
      ...(query.system && { system: query.system }),
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      minimumSamples: settings.minimumSamples,
      bands: settings.bands,
      teams: owners.map((owner, i) => ({
        owner,
        serviceCount: byOwner.get(owner)!.length,
        totals: this.view(computationOf(totals[i].totals, { from, to })),
      })),
    };
  }

  /** Works out again the facts of every service whose ledger changed. */
  async refreshAll(): Promise<void> {
    const { ledger, pipelines } = this.options;
    await this.refresh(
      await lastStagesInScope(ledger, pipelines, {}, everything),
    );
  }

  /** The refresh under way in this process; the next one waits for it. */
  private refreshing: Promise<void> = Promise.resolve();

  /**
   * One refresh at a time in this process: a report and the scheduled task
   * asking at once would each hold a chunk of history in memory, and the
   * second finds the facts the first worked out.
   */
  private refresh(services: { service: string; stage: string }[]) {
    const run = this.refreshing.then(() => this.refreshNow(services));
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  /**
   * Brings the DORA facts of these services up to date with the ledger:
   * those whose deployments or versions changed since are worked out again
   * from their whole history.
   */
  private async refreshNow(services: { service: string; stage: string }[]) {
    const { ledger, settings } = this.options;
    const hotfixWindowMs = settings.hotfixWindowHours * 3_600_000;
    const stale = await ledger.doraFacts.staleOf(
      services.map(s => ({ ...s, hotfixWindowMs })),
    );
    // Bounded by the deployments read at once as well: the busiest services'
    // histories are far longer than the others'.
    const succeeded = await ledger.stages.succeededCounts(stale);
    const weightOf = (source: { service: string; stage: string }) =>
      1 + (succeeded.get(`${source.service} ${source.stage}`) ?? 0);
    for (const chunk of chunksByWeight(stale, weightOf, {
      size: REFRESH_CHUNK,
      budget: REFRESH_DEPLOYMENTS,
    })) {
      const { deployments, changes } = await this.history(chunk);
      const facts = doraFactsOf(deployments, changes, hotfixWindowMs);
      await ledger.doraFacts.save(
        chunk.map(source => ({
          source,
          facts: {
            deployments: facts.deployments.filter(
              d => d.service === source.service,
            ),
            changes: facts.changes.filter(c => c.service === source.service),
          },
        })),
      );
    }
  }

  /** The whole history of these services' last stages, as DORA reads it. */
  private async history(services: { service: string; stage: string }[]) {
    const { insights } = this.options.ledger;
    const runs = await insights.finishedIn(services, new Date(0));
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
      new Date(0),
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

/** The facts of a period as added up in SQL, as the metrics' computation. */
function computationOf(
  added: FactTotals,
  range: { from: number; to: number },
): DoraComputation {
  const distribution = (ranked: RankedValues): Distribution =>
    ranked.samples === 0
      ? { samples: 0 }
      : { samples: ranked.samples, medianMs: ranked.median, p90Ms: ranked.p90 };
  const rate = (samples: number, count: number) =>
    samples === 0
      ? { samples, count }
      : { samples, count, rate: count / samples };
  return {
    deployments: added.ran,
    deploymentsPerDay: added.ran / ((range.to - range.from) / DAY_MS),
    leadTimeFromCommit: distribution(added.fromCommit),
    leadTimeFromMerge: distribution(added.fromMerge),
    changeFailRate: rate(added.changes, added.failedChanges),
    recoveryTime: distribution(added.recovery),
    reworkRate: rate(added.deployments, added.rework),
  };
}
