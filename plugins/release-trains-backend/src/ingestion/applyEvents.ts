import { ConflictError } from '@backstage/errors';
import { ReleaseService } from '../catalog/ServiceDirectory';
import {
  DeploymentStore,
  externalKey,
  StoredDeployment,
  toStored,
} from '../ledger/DeploymentStore';
import { StageStateStore } from '../ledger/StageStateStore';
import {
  isFinished,
  isUnreportedFailure,
  moveTo,
} from '../ledger/stateMachine';
import { VersionStore } from '../ledger/VersionStore';
import { bypassesGate } from '../promotion/ungated';
import { DeploymentEvent, EventOutcome, VersionCreatedEvent } from './events';

/** A deployment CI reported into a stage with approvals, past its gate. */
export type UngatedReport = {
  service: ReleaseService;
  deployment: StoredDeployment;
};

/** Records a build; a repeated report of it changes nothing. */
export async function applyVersion(
  versions: VersionStore,
  event: VersionCreatedEvent,
): Promise<EventOutcome> {
  const { created } = await versions.add({
    service: event.service,
    version: event.version,
    commitSha: event.commitSha,
    artifact: event.artifact,
    builtAt: new Date(event.builtAt),
    kind: event.kind,
    changes: (event.changes ?? []).map(change => ({
      ...change,
      issueKeys: change.issueKeys ?? [],
    })),
  });
  return { outcome: created ? 'created' : 'unchanged', version: event.version };
}

const STATE_OF_EVENT = {
  'deployment.started': 'in-progress',
  'deployment.succeeded': 'succeeded',
  'deployment.failed': 'failed',
} as const;

/**
 * Whether a deployment CI starts now takes the stage over from the one in
 * flight there: one in flight at a time, and the newest start is what the
 * stage is getting. Only the engine's own deployment of the same version
 * stays (CI then reports what the engine carries out), and one whose
 * outcome is unknown waits for a person.
 */
function supersedes(previous: StoredDeployment, event: DeploymentEvent) {
  if (previous.state === 'unknown') return false;
  return !(
    previous.deployer &&
    previous.state === 'in-progress' &&
    previous.version === event.version
  );
}

const stageKey = (service: string, stage: string) => `${service}\u0000${stage}`;

/**
 * Locks the stage rows of these events, then reads the deployments they
 * are about: those with their CI ids, by external key, and those not yet
 * finished in their stages, by stage key (the one in flight, and any CI
 * report of the engine's own deployment beside it).
 */
async function workingSetOf(
  deployments: DeploymentStore,
  stages: StageStateStore,
  events: DeploymentEvent[],
) {
  const keys = events.map(e => ({ service: e.service, stage: e.stage }));
  // Locked before they are read, so concurrent deliveries take turns.
  const locked = await stages.lockAndRead(keys);
  const { byExternalId, unfinished } = await deployments.ciWorkingSet(
    events.map(e => ({ service: e.service, externalId: e.externalId })),
    keys,
  );
  const byStage = new Map<string, StoredDeployment[]>();
  for (const deployment of unfinished) {
    const key = stageKey(deployment.service, deployment.stage);
    byStage.set(key, [...(byStage.get(key) ?? []), deployment]);
  }
  return { locked, working: byExternalId, unfinished: byStage };
}

/**
 * Merges CI deployment events into the ledger whatever order they arrive in:
 * a finished deployment never goes back to in-progress, a late `started`
 * only records when it started, and a new start supersedes what was in
 * flight in its stage. The merge happens in memory, event by event, and is
 * written in bulk, so a batch costs a handful of statements.
 */
export async function applyDeployments(options: {
  deployments: DeploymentStore;
  stages: StageStateStore;
  events: DeploymentEvent[];
  deliveryId: string;
  receivedAt: Date;
  services: Map<string, ReleaseService>;
}): Promise<{ outcomes: EventOutcome[]; ungated: UngatedReport[] }> {
  const { deployments, stages, events, deliveryId, receivedAt, services } =
    options;
  if (events.length === 0) return { outcomes: [], ungated: [] };
  const { locked, working, unfinished } = await workingSetOf(
    deployments,
    stages,
    events,
  );
  const supersededOthers = new Map<string, StoredDeployment>();
  const inserted = new Set<string>();
  const updated = new Set<string>();
  const transitions: Parameters<
    DeploymentStore['writeBatch']
  >[0]['transitions'] = [];
  const writes: StoredDeployment[] = [];
  const outcomes: EventOutcome[] = [];
  const ungated: UngatedReport[] = [];

  for (const event of events) {
    const key = externalKey(event.service, event.externalId);
    const at = new Date(event.occurredAt);
    const iso = at.toISOString();
    const state = STATE_OF_EVENT[event.type];
    const cause = { cause: event.type, deliveryId, at };
    const current = working.get(key);

    if (!current) {
      const service = services.get(event.service)!;
      const ungatedDeployment = await bypassesGate(
        stages,
        service,
        event.stage,
        event.version,
      );
      const created = toStored({
        service: event.service,
        stage: event.stage,
        version: event.version,
        kind: 'deploy',
        state,
        reason: event.reason,
        externalId: event.externalId,
        createdBy: 'ci',
        createdAt: at,
        startedAt: state === 'in-progress' ? at : undefined,
        // Counted from when the ledger heard of it, by the reconciler's clock.
        deadlineAt:
          state === 'in-progress'
            ? ciDeadline(service, event.stage, receivedAt)
            : undefined,
        ungated: ungatedDeployment,
      });
      if (ungatedDeployment) ungated.push({ service, deployment: created });
      const stage = stageKey(event.service, event.stage);
      const before = unfinished.get(stage) ?? [];
      const taken =
        state === 'in-progress'
          ? before.filter(previous => supersedes(previous, event))
          : [];
      for (const previous of taken) {
        const superseded = moveTo(previous, 'cancelled', iso, {
          reason: `Superseded by CI deployment ${event.externalId}`,
          endedBy: 'superseded',
        });
        transitions.push({
          deploymentId: previous.id,
          from: previous.state,
          to: 'cancelled',
          cause,
        });
        writes.push(superseded);
        const previousKey =
          previous.externalId &&
          externalKey(previous.service, previous.externalId);
        if (previousKey && working.has(previousKey)) {
          working.set(previousKey, superseded);
          if (!inserted.has(previousKey)) updated.add(previousKey);
        } else {
          supersededOthers.set(previous.id, superseded);
        }
      }
      if (state === 'in-progress') {
        unfinished.set(stage, [
          ...before.filter(previous => !taken.includes(previous)),
          created,
        ]);
      }
      working.set(key, created);
      inserted.add(key);
      transitions.push({
        deploymentId: created.id,
        from: null,
        to: state,
        cause,
      });
      writes.push(created);
      outcomes.push({ outcome: 'created', deploymentId: created.id });
      continue;
    }

    if (current.stage !== event.stage || current.version !== event.version) {
      throw new ConflictError(
        `externalId: ${event.externalId} is ${current.service} ${current.version} to ${current.stage}, not ${event.version} to ${event.stage}`,
      );
    }
    let next: StoredDeployment | undefined;
    if (current.state === state || current.endedBy === 'superseded') {
      // A superseded deployment's later reports change nothing: the stage
      // went on to another.
      next = undefined;
    } else if (state === 'in-progress' && isFinished(current.state)) {
      if (!current.startedAt || iso < current.startedAt) {
        next = { ...current, startedAt: iso };
      }
    } else {
      next =
        state === 'succeeded' && isUnreportedFailure(current)
          ? succeededLate(current, iso, event.reason)
          : moveTo(current, state, iso, { reason: event.reason });
      transitions.push({
        deploymentId: current.id,
        from: current.state,
        to: state,
        cause,
      });
      writes.push(next);
    }
    if (!next) {
      outcomes.push({ outcome: 'unchanged', deploymentId: current.id });
      continue;
    }
    working.set(key, next);
    if (!inserted.has(key)) updated.add(key);
    if (isFinished(next.state)) {
      const stage = stageKey(next.service, next.stage);
      unfinished.set(
        stage,
        (unfinished.get(stage) ?? []).filter(d => d.id !== next!.id),
      );
    }
    outcomes.push({ outcome: 'updated', deploymentId: current.id });
  }

  await deployments.writeBatch({
    inserts: [...inserted].map(key => working.get(key)!),
    updates: [
      ...[...updated].map(key => working.get(key)!),
      ...supersededOthers.values(),
    ],
    transitions,
    writes,
    receivedAt,
    lockedStages: locked,
  });
  return { outcomes, ungated };
}

/** When CI must have reported how a deployment it started now ended. */
function ciDeadline(service: ReleaseService, stage: string, from: Date): Date {
  const { ciTimeoutMinutes } = service.pipeline.stages.find(
    s => s.name === stage,
  )!;
  return new Date(from.getTime() + ciTimeoutMinutes * 60_000);
}

/**
 * CI reports success of a deployment the reconciler failed only because CI
 * had not reported in time: the version does run, and what runs is what
 * the ledger must say, so the success is recorded (never a late start).
 */
function succeededLate(
  current: StoredDeployment,
  at: string,
  reason: string | undefined,
): StoredDeployment {
  const { reason: _timedOut, endedBy: _deadline, ...rest } = current;
  return {
    ...rest,
    state: 'succeeded',
    finishedAt: at,
    ...(reason && { reason }),
  };
}
