import {
  ChangeLocation,
  ChangeQuery,
  ChangeStageStatus,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { ChangeStore } from '../ledger/ChangeStore';
import { toChange } from '../ledger/VersionStore';
import { TrainConfig } from '../config/trains';
import { nextDeparture } from '../trains/schedule';

/**
 * The first departure that can carry a version built at `builtAt`: its
 * cut-off is not before the build, and it has not left yet.
 */
function trainDepartureFor(train: TrainConfig, builtAt: Date, now: Date) {
  const earliest = Math.max(
    now.getTime(),
    builtAt.getTime() + train.cutoffMinutes * 60_000 - 1,
  );
  return nextDeparture(train, new Date(earliest));
}

/** Rounds of searching again without services the reader may not see. */
const HIDDEN_SERVICE_ROUNDS = 5;

/**
 * Changes matching the query in services `resolveServices` answers (those
 * the reader may see), up to the limit: services it does not answer are
 * left out of the search itself, so they take no place in the page.
 */
async function findVisible(
  changes: ChangeStore,
  query: ChangeQuery & { limit: number },
  resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>,
) {
  const hidden = new Set<string>();
  for (let round = 0; ; round++) {
    const found = await changes.find({
      ...query,
      excludeServices: [...hidden],
    });
    const refs = [...new Set(found.map(({ change }) => change.service_ref))];
    const services = await resolveServices(refs);
    const newlyHidden = refs.filter(ref => !services.has(ref));
    if (newlyHidden.length === 0 || round === HIDDEN_SERVICE_ROUNDS) {
      return {
        found: found.filter(({ change }) => services.has(change.service_ref)),
        services,
      };
    }
    newlyHidden.forEach(ref => hidden.add(ref));
  }
}

/**
 * Where is my change? For each matching change: the version that first
 * carried it and, per stage, whether the running version contains it and
 * since when. A version contains every change of the versions built before it.
 */
export async function whereIsMyChange(options: {
  query: ChangeQuery & { limit: number };
  changes: ChangeStore;
  resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>;
  /** The train a service rides, if any. */
  trainOf?: (service: string) => Promise<TrainConfig | undefined>;
  now?: Date;
}): Promise<ChangeLocation[]> {
  const { query, changes, resolveServices } = options;
  const now = options.now ?? new Date();
  const { found, services } = await findVisible(
    changes,
    query,
    resolveServices,
  );
  // Each change's stages are read at once, not one change after another.
  return Promise.all(
    found.map(async ({ change, carrier }): Promise<ChangeLocation> => {
      const service = services.get(change.service_ref)!;
      const located = await changes.locate(
        service.ref,
        service.pipeline.stages.map(stage => stage.name),
        carrier ? new Date(carrier.built_at) : undefined,
      );
      const stages: ChangeStageStatus[] = service.pipeline.stages.map(
        stage => ({
          stage: stage.name,
          title: stage.title,
          contains: false,
          ...located.get(stage.name),
        }),
      );
      const train =
        carrier && !stages[stages.length - 1].contains
          ? await options.trainOf?.(service.ref)
          : undefined;
      const departure =
        train && trainDepartureFor(train, new Date(carrier!.built_at), now);
      if (train && departure) {
        const boarding = stages.findIndex(s => s.stage === train.boardsFrom);
        stages.forEach((stage, index) => {
          if (index > boarding && !stage.contains) {
            stage.expectedAt = new Date(
              departure.departsAt.getTime() +
                (index - boarding) * train.stageMinutes * 60_000,
            ).toISOString();
          }
        });
      }
      return {
        service: service.ref,
        change: toChange(change),
        ...(carrier && { version: carrier.version }),
        stages,
        ...(train &&
          departure && {
            train: {
              name: train.name,
              title: train.title,
              departsAt: departure.departsAt.toISOString(),
              cutoffAt: departure.cutoffAt.toISOString(),
            },
          }),
      };
    }),
  );
}
