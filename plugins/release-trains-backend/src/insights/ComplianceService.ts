import {
  ComplianceReport,
  GateShare,
  RehearsalShare,
} from '@release-trains/plugin-release-trains-common';
import { Visibility } from '../graph/DependencyGraphService';
import { toIso } from '../ledger/timestamps';
import { periodOf } from './period';
import {
  InsightSources,
  lastStagesInScope,
  scopeOf,
  ScopeQuery,
} from './scope';

/** The ungated deployments listed per service, newest first. */
export const UNGATED_LISTED = 100;

export type ComplianceServiceQuery = ScopeQuery & { from?: Date; to?: Date };

function share(deployments: number, gated: number): GateShare {
  return {
    deployments,
    gated,
    ...(deployments > 0 && { share: gated / deployments }),
  };
}

function rehearsalShare(releases: number, rehearsed: number): RehearsalShare {
  return {
    releases,
    rehearsed,
    ...(releases > 0 && { share: rehearsed / releases }),
  };
}

/**
 * Gate compliance in each service's last stage: of the deployments that ran
 * there, how many passed its gate, and which did not.
 */
export class ComplianceService {
  constructor(private readonly options: InsightSources) {}

  async report(
    query: ComplianceServiceQuery,
    visible: Visibility,
  ): Promise<ComplianceReport> {
    const { from, to } = periodOf(query, this.options.now?.() ?? new Date());
    const { ledger, pipelines } = this.options;
    const services = await lastStagesInScope(ledger, pipelines, query, visible);
    const [counts, ungated, rehearsed] = services.length
      ? await Promise.all([
          ledger.insights.gateCounts(services, new Date(from), new Date(to)),
          ledger.insights.ungatedIn(
            services,
            new Date(from),
            new Date(to),
            UNGATED_LISTED + 1,
          ),
          ledger.rehearsals.rehearsalCounts(
            services,
            new Date(from),
            new Date(to),
          ),
        ])
      : [[], [], []];
    const countOf = new Map(counts.map(row => [row.service_ref, row]));
    const rehearsedOf = new Map(rehearsed.map(row => [row.service_ref, row]));

    const perService = services.map(({ service, stage }) => {
      const count = countOf.get(service);
      const listed = ungated.filter(row => row.service_ref === service);
      return {
        service,
        stage,
        ...share(Number(count?.ran ?? 0), Number(count?.gated ?? 0)),
        rehearsals: rehearsalShare(
          Number(rehearsedOf.get(service)?.releases ?? 0),
          Number(rehearsedOf.get(service)?.rehearsed ?? 0),
        ),
        ungated: listed.slice(0, UNGATED_LISTED).map(row => ({
          id: row.id,
          version: row.version,
          finishedAt: toIso(row.finished_at),
          createdBy: row.created_by,
          ...(row.reason && { reason: row.reason }),
        })),
        truncated: listed.length > UNGATED_LISTED,
      };
    });
    return {
      scope: scopeOf(query),
      serviceCount: services.length,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totals: share(
        perService.reduce((sum, s) => sum + s.deployments, 0),
        perService.reduce((sum, s) => sum + s.gated, 0),
      ),
      rehearsals: rehearsalShare(
        perService.reduce((sum, s) => sum + s.rehearsals.releases, 0),
        perService.reduce((sum, s) => sum + s.rehearsals.rehearsed, 0),
      ),
      services: perService,
    };
  }
}
