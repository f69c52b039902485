import { ReleaseService } from '../catalog/ServiceDirectory';
import { PipelineConfig } from '../config/pipelines';
import { Visibility } from '../graph/DependencyGraphService';
import { Ledger } from '../ledger/Ledger';

/** Everything is visible to the plugin's own scheduled tasks. */
export const everything: Visibility = async refs => new Set(refs);

/** What every insight is read from, and its clock (tests set it). */
export type InsightSources = {
  ledger: Ledger;
  pipelines: ReadonlyMap<string, PipelineConfig>;
  now?: () => Date;
};

/** Which services an insight covers: one, an owner's, a system's, or all. */
export type ScopeQuery = {
  /** One service, as the catalog has it now, resolved for the reader. */
  service?: ReleaseService;
  owner?: string;
  system?: string;
};

/** A service in scope, with its pipeline's stages in order, and their titles. */
export type ScopedService = {
  service: string;
  stages: string[];
  titles: string[];
};

/**
 * The services of the scope the reader may see that are on a pipeline with
 * stages, by ref. One `service` is taken as the route resolved it (it has
 * answered 404 for one the reader may not see), so it counts before the
 * catalog sync has brought it; owners' and systems' services are those of
 * the last sync.
 */
export async function servicesInScope(
  ledger: Ledger,
  pipelines: ReadonlyMap<string, PipelineConfig>,
  query: ScopeQuery,
  visible: Visibility,
): Promise<ScopedService[]> {
  if (query.service) {
    const { ref, pipeline } = query.service;
    return pipeline.stages.length ? [scoped(ref, pipeline)] : [];
  }
  const candidates = (await ledger.services.listAll()).filter(
    service =>
      (!query.owner || service.owner === query.owner) &&
      (!query.system || service.system === query.system),
  );
  const seen = await visible(candidates.map(service => service.ref));
  return candidates
    .flatMap(service => {
      const pipeline = pipelines.get(service.pipeline);
      return seen.has(service.ref) && pipeline?.stages.length
        ? [scoped(service.ref, pipeline)]
        : [];
    })
    .sort((a, b) => a.service.localeCompare(b.service));
}

function scoped(service: string, pipeline: PipelineConfig): ScopedService {
  return {
    service,
    stages: pipeline.stages.map(stage => stage.name),
    titles: pipeline.stages.map(stage => stage.title),
  };
}

/** The services of the scope the reader may see, with their last stage. */
export async function lastStagesInScope(
  ledger: Ledger,
  pipelines: ReadonlyMap<string, PipelineConfig>,
  query: ScopeQuery,
  visible: Visibility,
): Promise<{ service: string; stage: string }[]> {
  return (await servicesInScope(ledger, pipelines, query, visible)).map(
    ({ service, stages }) => ({ service, stage: stages[stages.length - 1] }),
  );
}

/** The scope as the answer echoes it. */
export function scopeOf(query: ScopeQuery): {
  service?: string;
  owner?: string;
  system?: string;
} {
  return {
    ...(query.service && { service: query.service.ref }),
    ...(query.owner && { owner: query.owner }),
    ...(query.system && { system: query.system }),
  };
}
