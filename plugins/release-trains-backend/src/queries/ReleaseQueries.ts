import { InputError } from '@backstage/errors';
import {
  Change,
  ChangeLocation,
  ChangeQuery,
  Deployment,
  DeploymentFilter,
  DeploymentPage,
  PipelineView,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { PipelineConfig } from '../config/pipelines';
import { TrainConfig } from '../config/trains';
import { Visibility } from '../graph/DependencyGraphService';
import {
  lastStagesInScope,
  ScopeQuery,
  servicesInScope,
} from '../insights/scope';
import { HistoryOptions } from '../ledger/historyPage';
import { Ledger } from '../ledger/Ledger';
import { toChange } from '../ledger/VersionStore';
import { buildPipelineView } from './pipelineView';
import { whereIsMyChange } from './whereIsMyChange';

/** The pipelines as the API lists them: names and stages. */
export type PipelineSummary = {
  name: string;
  stages: { name: string; title: string }[];
};

/**
 * What people read about their releases: a service's pipeline, its deploy
 * history, where a change is, and the changes between two versions. The
 * caller has resolved the services, so every answer is one the reader may see.
 */
export class ReleaseQueries {
  constructor(
    private readonly options: {
      ledger: Ledger;
      pipelines: ReadonlyMap<string, PipelineConfig>;
      /** The train a service rides, if any. */
      trainOf: (service: string) => Promise<TrainConfig | undefined>;
    },
  ) {}

  pipeline(service: ReleaseService): Promise<PipelineView> {
    return buildPipelineView({ service, ledger: this.options.ledger });
  }

  pipelines(): PipelineSummary[] {
    return [...this.options.pipelines.values()].map(pipeline => ({
      name: pipeline.name,
      stages: pipeline.stages.map(stage => ({
        name: stage.name,
        title: stage.title,
      })),
    }));
  }

  /** A page of a service's deployments, newest first. */
  history(service: string, filter: HistoryOptions): Promise<DeploymentPage> {
    return this.options.ledger.deployments.list(service, filter);
  }

  /**
   * A page of the deployments of the scope's services the reader may see,
   * newest first; with `lastStage`, of those into each one's last stage.
   */
  async scopedHistory(
    scope: ScopeQuery,
    { lastStage, ...filter }: DeploymentFilter & HistoryOptions,
    visible: Visibility,
  ): Promise<DeploymentPage> {
    const { ledger, pipelines } = this.options;
    if (lastStage && filter.stage) {
      throw new InputError('Give stage or lastStage, not both');
    }
    return ledger.deployments.listIn(
      lastStage
        ? { stages: await lastStagesInScope(ledger, pipelines, scope, visible) }
        : {
            services: (
              await servicesInScope(ledger, pipelines, scope, visible)
            ).map(({ service }) => service),
          },
      filter,
    );
  }

  deployment(id: string): Promise<Deployment | undefined> {
    return this.options.ledger.deployments.get(id);
  }

  /** Where is my change: one of sha, pr, author or issue is needed. */
  findChanges(
    query: ChangeQuery & { limit: number },
    resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>,
  ): Promise<ChangeLocation[]> {
    if (!query.sha && !query.pr && !query.author && !query.issue) {
      throw new InputError(
        'Give one of sha (7+ hex characters), pr, author or issue',
      );
    }
    return whereIsMyChange({
      query,
      changes: this.options.ledger.changes,
      resolveServices,
      trainOf: this.options.trainOf,
    });
  }

  /** The changes a version brings since another, or since the first. */
  async changesBetween(
    service: string,
    from: string | undefined,
    to: string,
  ): Promise<Change[]> {
    const rows = await this.options.ledger.changes.between(
      service,
      from,
      to,
      200,
    );
    return rows.map(toChange);
  }
}
