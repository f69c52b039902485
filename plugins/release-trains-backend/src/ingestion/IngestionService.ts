import { AuthService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { ServiceDirectory } from '../catalog/ServiceDirectory';
import { toServiceRef } from '../catalog/serviceRef';
import {
  DeploymentStore,
  externalKey,
  StoredDeployment,
  toStored,
} from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import { assertTransition, isFinished } from '../promotion/stateMachine';

/** A build of a service, reported by CI. */
export type VersionCreatedEvent = {
  type: 'version.created';
  service: string;
  version: string;
  commitSha: string;
  artifact?: string;
  builtAt: string;
  changes?: {
    commitSha: string;
    prNumber?: number;
    title: string;
    author: string;
    mergedAt?: string;
    issueKeys?: string[];
  }[];
};

/** A step of a deployment that CI runs, identified by CI's own id. */
export type DeploymentEvent = {
  type: 'deployment.started' | 'deployment.succeeded' | 'deployment.failed';
  service: string;
  stage: string;
  version: string;
  deploymentId: string;
  occurredAt: string;
  reason?: string;
};

export type IngestionEvent = VersionCreatedEvent | DeploymentEvent;

export type EventOutcome = {
  outcome: 'created' | 'updated' | 'unchanged';
  deploymentId?: string;
  version?: string;
};

export type IngestionResult = {
  deliveryId: string;
  results: EventOutcome[];
};

/**
 * Applies CI deliveries to the ledger: all events of a delivery in one
 * transaction, so an accepted delivery is a committed one, and each delivery
 * once — a retry gets the first answer back and changes nothing.
 */
export class IngestionService {
  constructor(
    private readonly options: {
      db: Knex;
      services: ServiceDirectory;
      auth: AuthService;
    },
  ) {}

  async ingest(options: {
    deliveryId: string;
    source: string;
    events: IngestionEvent[];
  }): Promise<{ result: IngestionResult; replayed: boolean }> {
    const { deliveryId, source, events } = options;
    const replay = await this.storedResult(deliveryId);
    if (replay) {
      return { result: replay, replayed: true };
    }
    const normalized = await this.validate(events);
    try {
      const result = await this.options.db.transaction(async trx => {
        // Claims the delivery first: a concurrent retry waits here and then
        // fails on the key, instead of applying the events twice.
        await trx('ingestion_deliveries').insert({
          delivery_id: deliveryId,
          source,
          result: '{}',
          received_at: new Date(),
        });
        const deployments = new DeploymentStore(trx);
        const versions = new VersionStore(trx);
        // Versions and deployments do not depend on each other; each kind
        // keeps its order, and the answer keeps the events' order.
        const results: EventOutcome[] = new Array(normalized.length);
        const deploymentEvents: { index: number; event: DeploymentEvent }[] =
          [];
        for (const [index, event] of normalized.entries()) {
          if (event.type === 'version.created') {
            results[index] = await applyVersion(versions, event);
          } else {
            deploymentEvents.push({ index, event });
          }
        }
        const deploymentOutcomes = await applyDeployments(
          deployments,
          deploymentEvents.map(d => d.event),
          deliveryId,
        );
        deploymentEvents.forEach(({ index }, i) => {
          results[index] = deploymentOutcomes[i];
        });
        const answer: IngestionResult = { deliveryId, results };
        await trx('ingestion_deliveries')
          .where({ delivery_id: deliveryId })
          .update({ result: JSON.stringify(answer) });
        return answer;
      });
      return { result, replayed: false };
    } catch (error) {
      const stored = await this.storedResult(deliveryId);
      if (stored) {
        return { result: stored, replayed: true };
      }
      throw error;
    }
  }

  private async storedResult(
    deliveryId: string,
  ): Promise<IngestionResult | undefined> {
    const row = await this.options
      .db('ingestion_deliveries')
      .where({ delivery_id: deliveryId })
      .first('result');
    return row && JSON.parse(row.result);
  }

  /** Canonical service refs, known services and stages; errors name the event. */
  private async validate(events: IngestionEvent[]): Promise<IngestionEvent[]> {
    const at = (index: number) =>
      events.length > 1 ? `events[${index}].` : '';
    const refs = events.map((event, index) => {
      try {
        return toServiceRef(event.service);
      } catch {
        throw new InputError(
          `${at(index)}service: '${event.service}' is not a valid entity ref`,
        );
      }
    });
    const services = await this.options.services.findMany(
      refs,
      await this.options.auth.getOwnServiceCredentials(),
    );
    return events.map((event, index) => {
      const ref = refs[index];
      const service = services.get(ref);
      if (!service) {
        throw new InputError(
          `${at(index)}service: ${ref} is not a service on a pipeline`,
        );
      }
      if (event.type !== 'version.created') {
        const stages = service.pipeline.stages.map(s => s.name);
        if (!stages.includes(event.stage)) {
          throw new InputError(
            `${at(index)}stage: '${
              event.stage
            }' is not a stage of ${ref} (${stages.join(', ')})`,
          );
        }
      }
      return { ...event, service: ref };
    });
  }
}

async function applyVersion(
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
async function applyDeployments(
  deployments: DeploymentStore,
  events: DeploymentEvent[],
  deliveryId: string,
): Promise<EventOutcome[]> {
  const working = await deployments.findByExternalIds(
    events.map(e => ({ service: e.service, externalId: e.deploymentId })),
  );
  const inserted = new Set<string>();
  const updated = new Set<string>();
  const transitions: Parameters<
    DeploymentStore['writeBatch']
  >[0]['transitions'] = [];
  const writes: StoredDeployment[] = [];
  const outcomes: EventOutcome[] = [];

  for (const event of events) {
    const key = externalKey(event.service, event.deploymentId);
    const at = new Date(event.occurredAt);
    const iso = at.toISOString();
    const state = STATE_OF_EVENT[event.type];
    const cause = { cause: event.type, deliveryId, at };
    const current = working.get(key);

    if (!current) {
      const created = toStored({
        service: event.service,
        stage: event.stage,
        version: event.version,
        kind: 'deploy',
        state,
        reason: event.reason,
        externalId: event.deploymentId,
        createdBy: 'ci',
        createdAt: at,
        startedAt: state === 'in-progress' ? at : undefined,
      });
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
        `deploymentId: ${event.deploymentId} is ${current.service} ${current.version} to ${current.stage}, not ${event.version} to ${event.stage}`,
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
      assertTransition(current.id, current.state, state);
      next = {
        ...current,
        state,
        ...(state === 'in-progress' && { startedAt: current.startedAt ?? iso }),
        ...(isFinished(state) && { finishedAt: iso }),
        ...(event.reason && { reason: event.reason }),
      };
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
  });
  return outcomes;
}
