import {
  PipelineView,
  RollbackRehearsal,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { Ledger } from '../ledger/Ledger';
import {
  newestRollbackTarget,
  ROLLBACK_LOOKBACK,
  SUCCEEDED_THERE,
} from '../ledger/rollbackRule';

const WAITING_LIMIT = 10;

const rehearsalOf = (rehearsal?: RollbackRehearsal) =>
  rehearsal ? { rehearsal } : {};

/**
 * Per stage, the version a rollback would return to (the rollback's own
 * rule): one query for each stage that runs something, and one for the
 * build times of every version they name.
 */
async function rollbackTargets(
  ledger: Ledger,
  service: string,
  running: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const runs = await Promise.all(
    [...running].map(async ([stage, version]) => ({
      stage,
      running: version,
      ran: await ledger.deployments.latestFinished(service, stage, {
        states: [...SUCCEEDED_THERE],
        limit: ROLLBACK_LOOKBACK,
      }),
    })),
  );
  const builtAt = await ledger.versions.builtAt(service, [
    ...new Set(runs.flatMap(r => [r.running, ...r.ran.map(d => d.version)])),
  ]);
  const targets = new Map<string, string>();
  for (const run of runs) {
    const target = newestRollbackTarget({ ...run, builtAt });
    if (target) targets.set(run.stage, target);
  }
  return targets;
}

/**
 * Each stage of a service's pipeline: what it runs and since when, what is
 * on its way in, the newer versions waiting to enter it (those that passed
 * the stage before, or were built, for the first stage), and for a stage
 * with approvals, how many of its deployments passed the gate.
 */
export async function buildPipelineView(options: {
  service: ReleaseService;
  ledger: Ledger;
}): Promise<PipelineView> {
  const { service } = options;
  const { stages: stageStates, versions } = options.ledger;
  const stages = service.pipeline.stages;
  const states = await stageStates.ofService(service.ref);
  const running = new Map(
    stages.flatMap(stage => {
      const version = states.get(stage.name)?.current?.version;
      return version ? [[stage.name, version] as const] : [];
    }),
  );
  const [targets, rehearsals, waitingPerStage] = await Promise.all([
    rollbackTargets(options.ledger, service.ref, running),
    options.ledger.rehearsals.list(service.ref, { limit: 50 }),
    Promise.all(
      stages.map((stage, index) =>
        versions.waitingFor(service.ref, {
          stage: stage.name,
          passedStage: index > 0 ? stages[index - 1].name : undefined,
          limit: WAITING_LIMIT,
        }),
      ),
    ),
  ]);
  return {
    service: service.ref,
    pipeline: service.pipeline.name,
    stages: stages.map((stage, index) => {
      const state = states.get(stage.name);
      const current = state?.current;
      const waiting = waitingPerStage[index];
      return {
        stage: stage.name,
        title: stage.title,
        ...(current && {
          current: {
            id: current.id,
            version: current.version,
            kind: current.kind,
            state: current.state,
            createdBy: current.createdBy,
            createdAt: current.createdAt,
            since: current.since,
            ...(current.ungated && { ungated: true }),
          },
        }),
        ...(state?.inFlight && {
          inFlight: {
            id: state.inFlight.id,
            version: state.inFlight.version,
            kind: state.inFlight.kind,
            state: state.inFlight.state,
            createdAt: state.inFlight.createdAt,
          },
        }),
        waiting,
        ...(state?.hold && { hold: state.hold }),
        ...(stage.gates.approvals > 0 && {
          compliance: state?.compliance ?? { deployments: 0, gated: 0 },
        }),
        ...rehearsalOf(
          rehearsals.find(
            r => r.stage === stage.name && r.version === current?.version,
          ),
        ),
        ...(stage.gates.rehearsal && { rehearsalRequired: true }),
        ...(targets.has(stage.name) && {
          rollbackTarget: targets.get(stage.name),
        }),
      };
    }),
  };
}
