import { InputError } from '@backstage/errors';
import {
  LagReport,
  LeadTimeSplit,
  StageLag,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { Visibility } from '../graph/DependencyGraphService';
import {
  BuildRange,
  RunningRow,
  WaitingChangeRow,
} from '../ledger/InsightsStore';
import { toIso } from '../ledger/timestamps';
import {
  inWindow,
  median,
  mergeSplits,
  Running,
  splitLeadTime,
  SplitSamples,
  waitingWindow,
  WaitingWindow,
} from './lagMetrics';
import { Arrivals } from './arrivals';
import { groupBy } from './groupBy';
import {
  InsightSources,
  ScopedService,
  scopeOf,
  ScopeQuery,
  servicesInScope,
} from './scope';

const DAY_MS = 86_400_000;
const DEFAULT_WEEKS = 8;
const MAX_WEEKS = 52;
/** The lead time split covers the changes that reached the last stage in these days. */
const SPLIT_DAYS = 90;
/** Changes built this long before the split's period began are left out. */
const SPLIT_LOOKBACK_DAYS = 90;

export type LagServiceQuery = ScopeQuery & { weeks?: number };

/** What each stage of a service runs: versions by stage, build times. */
type Stages = { versions: Map<string, string>; running: Map<string, number> };

/** What each service's stages run, from stage rows or a point in history. */
function byService(rows: RunningRow[]): Map<string, Stages> {
  const services = new Map<string, Stages>();
  for (const row of rows) {
    const stages = services.get(row.service_ref) ?? {
      versions: new Map(),
      running: new Map(),
    };
    stages.versions.set(row.stage, row.version);
    if (row.built_at !== null) {
      stages.running.set(row.stage, new Date(row.built_at).getTime());
    }
    services.set(row.service_ref, stages);
  }
  return services;
}

const NOTHING: Running = new Map();

/** The windows of each adjacent pair of a service's stages. */
const windowsOf = (stages: string[], running: Running = NOTHING) =>
  stages.slice(0, -1).map((_, k) => waitingWindow(stages, k, running));

/** The smallest build range covering all windows; undefined for none. */
function cover(
  service: string,
  windows: (WaitingWindow | undefined)[],
): BuildRange | undefined {
  const present = windows.filter((w): w is WaitingWindow => w !== undefined);
  if (present.length === 0) return undefined;
  const upTo = Math.max(...present.map(w => w.upTo));
  const unbounded = present.some(w => w.after === undefined);
  const after = unbounded ? undefined : Math.min(...present.map(w => w.after!));
  return {
    service,
    upTo: new Date(upTo),
    ...(after !== undefined && { after: new Date(after) }),
  };
}

type Carried = WaitingChangeRow & { carrier: number };

type Window = WaitingWindow | undefined;

const timeOf = (value: string | number | Date | null) =>
  value === null ? Infinity : new Date(value).getTime();

/**
 * The lag between the stages of a scope of services, and where their lead
 * time goes; docs/insights.md ("Lag") gives the definitions.
 */
export class LagService {
  constructor(private readonly options: InsightSources) {}

  async report(
    query: LagServiceQuery,
    visible: Visibility,
  ): Promise<LagReport> {
    const now = (this.options.now?.() ?? new Date()).getTime();
    const weeks = query.weeks ?? DEFAULT_WEEKS;
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) {
      throw new InputError(`weeks: from 1 to ${MAX_WEEKS}`);
    }
    const thisWeek = DateTime.fromMillis(now, { zone: 'UTC' }).startOf('week');
    const weekStarts = Array.from({ length: weeks }, (_, i) =>
      thisWeek.minus({ weeks: weeks - 1 - i }).toMillis(),
    );
    const splitRange = { from: now - SPLIT_DAYS * DAY_MS, to: now };

    const { ledger, pipelines } = this.options;
    const services = await servicesInScope(ledger, pipelines, query, visible);
    const waiting = await this.waiting(services, now, weekStarts);
    const splits = await this.splits(services, splitRange);
    const split = (samples: SplitSamples): LeadTimeSplit => ({
      from: new Date(splitRange.from).toISOString(),
      to: new Date(splitRange.to).toISOString(),
      changes: samples.changes,
      commitToMerge: median(samples.commitToMerge),
      mergeToFirstStage: median(samples.mergeToFirstStage),
      stageWaits: samples.stageWaits.map(({ stage, samples: waits }) => ({
        stage,
        ...median(waits),
      })),
    });

    return {
      scope: scopeOf(query),
      serviceCount: services.length,
      generatedAt: new Date(now).toISOString(),
      weeks,
      services: services.map(({ service, stages }) => ({
        service,
        stages,
        pairs: waiting.get(service)!,
        leadTimeSplit: split(splits.get(service)!),
      })),
      leadTimeSplit: split(mergeSplits([...splits.values()])),
    };
  }

  /**
   * What waits between each service's last two stages now: what drift
   * checks, without the trend and the lead time split of a report.
   */
  async lastPairs(services: ScopedService[]): Promise<Map<string, StageLag>> {
    const now = (this.options.now?.() ?? new Date()).getTime();
    const waiting = await this.waiting(services, now, []);
    return new Map(
      [...waiting].flatMap(([service, pairs]) =>
        pairs.length ? [[service, pairs[pairs.length - 1]]] : [],
      ),
    );
  }

  /**
   * Per service, what waits between each pair of its stages now, and how
   * many changes waited there at each of `weekStarts`.
   */
  private async waiting(
    services: ScopedService[],
    now: number,
    weekStarts: number[],
  ): Promise<Map<string, StageLag[]>> {
    const { insights } = this.options.ledger;
    const keys = services.flatMap(({ service, stages }) =>
      stages.map(stage => ({ service, stage })),
    );
    const current = byService(
      keys.length ? await insights.runningNow(keys) : [],
    );
    const past: Map<string, Stages>[] = [];
    for (const at of weekStarts) {
      past.push(
        byService(
          keys.length ? await insights.runningAt(keys, new Date(at)) : [],
        ),
      );
    }

    const windows = new Map(
      services.map(({ service, stages }) => [
        service,
        {
          now: windowsOf(stages, current.get(service)?.running),
          trend: past.map(at => windowsOf(stages, at.get(service)?.running)),
        },
      ]),
    );
    const changes = await this.waitingChanges(services, windows);
    const versions = await this.versionsBuilt(services, windows);
    const oldest = this.oldestOf(services, windows, changes);
    const arrivals = await this.arrivalsOf(oldest);
    return new Map(
      services.map(({ service, stages }) => {
        const { now: nowWindows, trend } = windows.get(service)!;
        const ofService = changes.get(service) ?? [];
        const built = versions.get(service) ?? [];
        const pairs = nowWindows.map((window, k): StageLag => {
          const [upstream, downstream] = [stages[k], stages[k + 1]];
          const change = oldest.get(`${service}\u0000${upstream}`);
          const arrivedAt = arrivals.get(`${service}\u0000${upstream}`);
          const versionIn = (stage: string) =>
            current.get(service)?.versions.get(stage);
          const count = (w: WaitingWindow | undefined, times: number[]) =>
            w ? times.filter(t => inWindow(t, w)).length : 0;
          const carriers = ofService.map(c => c.carrier);
          return {
            upstream,
            downstream,
            ...(versionIn(upstream) && {
              upstreamVersion: versionIn(upstream),
            }),
            ...(versionIn(downstream) && {
              downstreamVersion: versionIn(downstream),
            }),
            waitingVersions: count(window, built),
            waitingChanges: count(window, carriers),
            ...(change &&
              arrivedAt !== undefined && {
                oldestWaitingChange: {
                  commitSha: change.commit_sha,
                  ...(change.pr_number !== null && {
                    prNumber: Number(change.pr_number),
                  }),
                  title: change.title,
                  author: change.author,
                  ...(change.merged_at !== null && {
                    mergedAt: toIso(change.merged_at),
                  }),
                  arrivedAt: new Date(arrivedAt).toISOString(),
                  ageSeconds: Math.max(0, Math.round((now - arrivedAt) / 1000)),
                },
              }),
            trend: weekStarts.map((at, i) => ({
              at: new Date(at).toISOString(),
              waitingChanges: count(trend[i][k], carriers),
            })),
          };
        });
        return [service, pairs];
      }),
    );
  }

  /** The changes in any window, now or in the trend, by service. */
  private async waitingChanges(
    services: ScopedService[],
    windows: Map<string, { now: Window[]; trend: Window[][] }>,
  ): Promise<Map<string, Carried[]>> {
    const ranges = services.flatMap(({ service }) => {
      const { now, trend } = windows.get(service)!;
      return cover(service, [...now, ...trend.flat()]) ?? [];
    });
    const rows = ranges.length
      ? await this.options.ledger.insights.carriedIn(ranges)
      : [];
    return groupBy(
      rows.map(row => ({
        ...row,
        carrier: new Date(row.carrier_built_at).getTime(),
      })),
      row => row.service_ref,
    );
  }

  /** The build times of the versions in any window now, by service. */
  private async versionsBuilt(
    services: ScopedService[],
    windows: Map<string, { now: Window[] }>,
  ): Promise<Map<string, number[]>> {
    const ranges = services.flatMap(
      ({ service }) => cover(service, windows.get(service)!.now) ?? [],
    );
    const rows = ranges.length
      ? await this.options.ledger.insights.builtIn(ranges)
      : [];
    return new Map(
      [...groupBy(rows, row => row.service_ref)].map(([service, built]) => [
        service,
        built.map(row => new Date(row.built_at).getTime()),
      ]),
    );
  }

  /**
   * Per service and upstream stage, the waiting change first carried: it
   * arrived upstream first (a version that carries a later change carries
   * it too).
   */
  private oldestOf(
    services: ScopedService[],
    windows: Map<string, { now: Window[] }>,
    changes: Map<string, Carried[]>,
  ): Map<string, Carried & { service: string; stage: string }> {
    const oldest = new Map<
      string,
      Carried & { service: string; stage: string }
    >();
    for (const { service, stages } of services) {
      windows.get(service)!.now.forEach((window, k) => {
        if (!window) return;
        const first = (changes.get(service) ?? [])
          .filter(change => inWindow(change.carrier, window))
          .sort(
            (a, b) =>
              a.carrier - b.carrier ||
              timeOf(a.merged_at) - timeOf(b.merged_at) ||
              String(a.id).localeCompare(String(b.id)),
          )[0];
        if (first) {
          oldest.set(`${service}\u0000${stages[k]}`, {
            ...first,
            service,
            stage: stages[k],
          });
        }
      });
    }
    return oldest;
  }

  /** When each oldest waiting change first ran upstream, by service and stage. */
  private async arrivalsOf(
    oldest: Map<string, { service: string; stage: string; carrier: number }>,
  ): Promise<Map<string, number>> {
    const items = [...oldest.values()].map(({ service, stage, carrier }) => ({
      service,
      stage,
      builtSince: new Date(carrier),
    }));
    const rows = items.length
      ? await this.options.ledger.insights.firstRunSince(items)
      : [];
    return new Map(
      rows.map(row => [
        `${row.service}\u0000${row.stage}`,
        new Date(row.at).getTime(),
      ]),
    );
  }

  /** Each service's lead time split over the range. */
  private async splits(
    services: ScopedService[],
    range: { from: number; to: number },
  ): Promise<Map<string, SplitSamples>> {
    const { insights } = this.options.ledger;
    const since = new Date(range.from - SPLIT_LOOKBACK_DAYS * DAY_MS);
    const keys = services.flatMap(({ service, stages }) =>
      stages.map(stage => ({ service, stage })),
    );
    const runs = keys.length ? await insights.finishedIn(keys, since) : [];
    const carried = services.length
      ? await insights.carriedSince(
          services.map(s => s.service),
          since,
        )
      : [];
    const runsOf = groupBy(
      runs.filter(run => run.state !== 'failed'),
      run => run.service_ref,
    );
    const changesOf = groupBy(carried, change => change.service_ref);
    return new Map(
      services.map(({ service, stages }) => [
        service,
        splitLeadTime(
          stages,
          (changesOf.get(service) ?? []).map(change => ({
            carrierBuiltAt: new Date(change.carrier_built_at).getTime(),
            ...(change.committed_at !== null && {
              committedAt: new Date(change.committed_at).getTime(),
            }),
            ...(change.merged_at !== null && {
              mergedAt: new Date(change.merged_at).getTime(),
            }),
          })),
          new Arrivals(
            (runsOf.get(service) ?? []).map(run => ({
              stage: run.stage,
              finishedAt: new Date(run.finished_at).getTime(),
              ...(run.built_at !== null && {
                builtAt: new Date(run.built_at).getTime(),
              }),
            })),
          ),
          range,
        ),
      ]),
    );
  }
}
