import { AuthService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { ServiceDirectory, toServiceRef } from '../catalog/ServiceDirectory';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import { isFinished } from '../promotion/stateMachine';

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
        await deployments.lockStages(
          normalized.flatMap(event =>
            event.type === 'version.created'
              ? []
              : [{ service: event.service, stage: event.stage }],
          ),
        );
        const results: EventOutcome[] = [];
        for (const event of normalized) {
          results.push(
            event.type === 'version.created'
              ? await applyVersion(versions, event)
              : await applyDeployment(deployments, event, deliveryId),
          );
        }
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
    const pipelines = new Map<string, string[]>();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const normalized: IngestionEvent[] = [];
    for (const [index, event] of events.entries()) {
      const at = events.length > 1 ? `events[${index}].` : '';
      let ref: string;
      try {
        ref = toServiceRef(event.service);
      } catch {
        throw new InputError(
          `${at}service: '${event.service}' is not a valid entity ref`,
        );
      }
      if (!pipelines.has(ref)) {
        const service = await this.options.services.find(ref, credentials);
        if (!service) {
          throw new InputError(
            `${at}service: ${ref} is not a service on a pipeline`,
          );
        }
        pipelines.set(
          ref,
          service.pipeline.stages.map(s => s.name),
        );
      }
      if (event.type !== 'version.created') {
        const stages = pipelines.get(ref)!;
        if (!stages.includes(event.stage)) {
          throw new InputError(
            `${at}stage: '${
              event.stage
            }' is not a stage of ${ref} (${stages.join(', ')})`,
          );
        }
      }
      normalized.push({ ...event, service: ref });
    }
    return normalized;
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
 * Merges a CI deployment event into the ledger whatever order the events
 * arrive in: a finished deployment never goes back to in-progress, and a late
 * `started` only records when it started.
 */
async function applyDeployment(
  deployments: DeploymentStore,
  event: DeploymentEvent,
  deliveryId: string,
): Promise<EventOutcome> {
  const at = new Date(event.occurredAt);
  const state = STATE_OF_EVENT[event.type];
  const cause = { cause: event.type, deliveryId, at };
  const existing = await deployments.findByExternalId(
    event.service,
    event.deploymentId,
  );

  if (!existing) {
    const created = await deployments.add(
      {
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
        finishedAt: isFinished(state) ? at : undefined,
      },
      cause,
    );
    return { outcome: 'created', deploymentId: created.id };
  }

  if (existing.stage !== event.stage || existing.version !== event.version) {
    throw new ConflictError(
      `deploymentId: ${event.deploymentId} is ${existing.service} ${existing.version} to ${existing.stage}, not ${event.version} to ${event.stage}`,
    );
  }
  if (existing.state === state) {
    return { outcome: 'unchanged', deploymentId: existing.id };
  }
  if (state === 'in-progress' && isFinished(existing.state)) {
    const changed = await deployments.noteStarted(existing.id, at);
    return {
      outcome: changed ? 'updated' : 'unchanged',
      deploymentId: existing.id,
    };
  }
  await deployments.transition(existing.id, state, {
    ...cause,
    reason: event.reason,
  });
  return { outcome: 'updated', deploymentId: existing.id };
}
