import { ConflictError } from '@backstage/errors';
import { ReleaseService } from '../catalog/ServiceDirectory';
import {
  DeploymentStore,
  externalKey,
  StoredDeployment,
  toStored,
} from '../ledger/DeploymentStore';
import { StageStateStore } from '../ledger/StageStateStore';
import { isFinished, moveTo } from '../ledger/stateMachine';
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
 * Merges CI deployment events into the ledger whatever order they arrive in:
 * a finished deployment never goes back to in-progress, and a late `started`
 * only records when it started. The merge happens in memory, event by event,
 * and is written in bulk, so a batch costs a handful of statements.
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
  const working = await deployments.findByExternalIds(
    events.map(e => ({ service: e.service, externalId: e.externalId })),
  );
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
        ungated: ungatedDeployment,
      });
      if (ungatedDeployment) ungated.push({ service, deployment: created });
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
    if (current.state === state) {
      next = undefined;
    } else if (state === 'in-progress' && isFinished(current.state)) {
      if (!current.startedAt || iso < current.startedAt) {
        next = { ...current, startedAt: iso };
      }
    } else {
      next = moveTo(current, state, iso, { reason: event.reason });
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
    outcomes.push({ outcome: 'updated', deploymentId: current.id });
  }

  await deployments.writeBatch({
    inserts: [...inserted].map(key => working.get(key)!),
    updates: [...updated].map(key => working.get(key)!),
    transitions,
    writes,
    receivedAt,
  });
  return { outcomes, ungated };
}
