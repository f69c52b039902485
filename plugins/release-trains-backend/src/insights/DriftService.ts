import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DriftFinding,
  DriftReport,
} from '@release-trains/plugin-release-trains-common';
import { Visibility } from '../graph/DependencyGraphService';
import { PromotionEvents } from '../promotion/PromotionEvents';
import { DriftThresholds, findDrift } from './drift';
import { LagService } from './LagService';
import {
  everything,
  InsightSources,
  ScopedService,
  scopeOf,
  ScopeQuery,
  servicesInScope,
} from './scope';

const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Drift: where what the stages run departs from what the pipeline says they
 * should (docs/insights.md, "Drift"); read on demand, and watched on a
 * schedule so that owners hear of new drift once.
 */
export class DriftService {
  constructor(
    private readonly options: InsightSources & {
      lag: LagService;
      thresholds: DriftThresholds;
      events: Pick<PromotionEvents, 'driftFound'>;
      logger: LoggerService;
    },
  ) {}

  async report(query: ScopeQuery, visible: Visibility): Promise<DriftReport> {
    const { ledger, pipelines } = this.options;
    const services = await servicesInScope(ledger, pipelines, query, visible);
    return {
      scope: scopeOf(query),
      serviceCount: services.length,
      findings: await this.findingsOf(services),
    };
  }

  /**
   * Finds the drift of every service and tells the owners of what is new
   * since the last check; returns how many were told.
   */
  async watch(): Promise<number> {
    const { ledger, pipelines, events, logger } = this.options;
    const services = await servicesInScope(ledger, pipelines, {}, everything);
    const findings = await this.findingsOf(services);
    const added = await ledger.drift.recordNotices(
      services.map(s => s.service),
      findings,
      this.options.now?.() ?? new Date(),
    );
    for (const finding of added) {
      await events.driftFound(finding as DriftFinding);
    }
    if (added.length > 0) {
      logger.info(`Drift: ${added.length} new, owners notified`);
    }
    return added.length;
  }

  private async findingsOf(services: ScopedService[]): Promise<DriftFinding[]> {
    if (services.length === 0) return [];
    const { ledger, lag, thresholds } = this.options;
    const current = new Map(
      (
        await ledger.drift.currentRuns(
          services.flatMap(({ service, stages }) =>
            stages.map(stage => ({ service, stage })),
          ),
        )
      ).map(row => [key(row.service_ref, row.stage), row]),
    );
    const upstreamChecks = services.flatMap(({ service, stages }) =>
      stages.slice(1).flatMap((stage, i) => {
        const running = current.get(key(service, stage));
        return running
          ? [{ service, stage: stages[i], version: running.version }]
          : [];
      }),
    );
    const ran = await ledger.drift.ranIn(upstreamChecks);
    const lagged = await lag.lastPairs(services);
    return services.flatMap(({ service, stages, titles }) =>
      findDrift(
        service,
        stages.map((stage, index) => {
          const running = current.get(key(service, stage));
          return {
            stage,
            title: titles[index],
            version: running?.version,
            ungated: Boolean(running?.ungated),
            ranUpstream:
              index === 0 ||
              (running !== undefined &&
                ran.has(key(service, stages[index - 1], running.version))),
          };
        }),
        lagged.get(service),
        thresholds,
      ),
    );
  }
}
