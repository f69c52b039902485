import {
  ChangeLocation,
  ChangeQuery,
} from '@internal/backstage-plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { ChangeStore } from '../ledger/ChangeStore';
import { toChange } from '../ledger/VersionStore';

/**
 * Where is my change? For each matching change: the version that first
 * carried it and, per stage, whether the running version contains it and
 * since when. A version contains every change of the versions built before it.
 */
export async function whereIsMyChange(options: {
  query: ChangeQuery & { limit: number };
  changes: ChangeStore;
  resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>;
}): Promise<ChangeLocation[]> {
  const { query, changes, resolveServices } = options;
  const found = await changes.find(query);
  const services = await resolveServices(
    found.map(({ change }) => change.service_ref),
  );
  const locations: ChangeLocation[] = [];
  for (const { change, carrier } of found) {
    const service = services.get(change.service_ref);
    if (!service) continue;
    const located = await changes.locate(
      service.ref,
      service.pipeline.stages.map(stage => stage.name),
      carrier ? new Date(carrier.built_at) : undefined,
    );
    locations.push({
      service: service.ref,
      change: toChange(change),
      ...(carrier && { version: carrier.version }),
      stages: service.pipeline.stages.map(stage => ({
        stage: stage.name,
        title: stage.title,
        contains: false,
        ...located.get(stage.name),
      })),
    });
  }
  return locations;
}
