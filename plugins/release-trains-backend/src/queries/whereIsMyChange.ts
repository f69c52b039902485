import {
  ChangeLocation,
  ChangeQuery,
} from '@internal/backstage-plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { ChangeStore } from '../ledger/ChangeStore';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { toChange, VersionStore } from '../ledger/VersionStore';

/**
 * Where is my change? For each matching change: the version that first
 * carried it and, per stage, whether the running version contains it and
 * since when. A version contains every change of the versions built before it.
 */
export async function whereIsMyChange(options: {
  query: ChangeQuery & { limit: number };
  changes: ChangeStore;
  deployments: DeploymentStore;
  versions: VersionStore;
  resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>;
}): Promise<ChangeLocation[]> {
  const { query, changes, deployments, versions, resolveServices } = options;
  const found = await changes.find(query);
  const services = await resolveServices(
    found.map(({ change }) => change.service_ref),
  );
  const locations: ChangeLocation[] = [];
  for (const { change, carrier } of found) {
    const service = services.get(change.service_ref);
    if (!service) continue;
    const states = await deployments.stageStates(service.ref);
    const runningVersions = await versions.getMany(
      service.ref,
      [...states.values()].flatMap(s => (s.current ? [s.current.version] : [])),
    );
    const carrierBuiltAt = carrier ? new Date(carrier.built_at) : undefined;
    const stages = await Promise.all(
      service.pipeline.stages.map(async stage => {
        const running = states.get(stage.name)?.current?.version;
        const runningVersion = running
          ? runningVersions.get(running)
          : undefined;
        const contains = Boolean(
          carrierBuiltAt &&
            runningVersion &&
            new Date(runningVersion.built_at) >= carrierBuiltAt,
        );
        const since =
          contains && carrierBuiltAt
            ? await changes.containedSince(
                service.ref,
                stage.name,
                carrierBuiltAt,
              )
            : undefined;
        return {
          stage: stage.name,
          title: stage.title,
          contains,
          ...(since && { since }),
          ...(running && { runningVersion: running }),
        };
      }),
    );
    locations.push({
      service: service.ref,
      change: toChange(change),
      ...(carrier && { version: carrier.version }),
      stages,
    });
  }
  return locations;
}
