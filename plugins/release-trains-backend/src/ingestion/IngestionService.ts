import { AuthService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { ReleaseService, ServiceDirectory } from '../catalog/ServiceDirectory';
import { toServiceRef } from '../catalog/serviceRef';
import {
  DeploymentStore,
  externalKey,
  StoredDeployment,
  toStored,
} from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import { assertTransition, isFinished } from '../promotion/stateMachine';
import { bypassesGate, UngatedDeployments } from '../promotion/ungated';
import { parseTime } from '../ledger/timestamps';
import {
  assertReportsFor,
  IngestionSettings,
  IngestionSource,
} from './sources';

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

/** How often a delivery is applied again after a concurrent one's conflict. */
const APPLY_ATTEMPTS = 3;

/** A unique key taken by a concurrent transaction (PostgreSQL, SQLite). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** A deployment CI reported into a stage with approvals, past its gate. */
type UngatedReport = { service: ReleaseService; deployment: StoredDeployment };

/**
 * Applies CI deliveries to the ledger: all events of a delivery in one
 * transaction, so an accepted delivery is a committed one, and each
 * delivery of a source once — a retry with the same body gets the first
 * answer back and changes nothing; one with another body is refused.
 */
export class IngestionService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      db: Knex;
      services: ServiceDirectory;
      auth: AuthService;
      settings: IngestionSettings;
      ungated: UngatedDeployments;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async ingest(options: {
    source: IngestionSource;
    deliveryId: string;
    /** Hex SHA-256 of the raw body, to tell a retry from a reuse of the id. */
    bodySha256: string;
    events: IngestionEvent[];
  }): Promise<{ result: IngestionResult; replayed: boolean }> {
    const { source, deliveryId, bodySha256, events } = options;
    const delivery = { source: source.name, deliveryId, bodySha256 };
    const replay = await this.storedResult(delivery);
    if (replay) {
      return { result: replay, replayed: true };
    }
    const receivedAt = this.now();
    const { normalized, services } = await this.validate(
      source,
      events,
      receivedAt,
    );
    let applied: { result: IngestionResult; ungated: UngatedReport[] };
    for (let attempt = 1; ; attempt++) {
      try {
        applied = await this.apply({
          source,
          delivery,
          normalized,
          services,
          receivedAt,
        });
        break;
      } catch (error) {
        const stored = await this.storedResult(delivery);
        if (stored) {
          return { result: stored, replayed: true };
        }
        // Another delivery added the same version or CI deployment at the
        // same moment: once it has committed, this one merges with it.
        if (!isUniqueViolation(error) || attempt === APPLY_ATTEMPTS) {
          throw error;
        }
      }
    }
    await this.afterCommit(source, applied.ungated);
    return { result: applied.result, replayed: false };
  }

  /** Applies a delivery's events in one transaction, claiming the delivery first. */
  private async apply(options: {
    source: IngestionSource;
    delivery: { deliveryId: string; bodySha256: string };
    normalized: IngestionEvent[];
    services: Map<string, ReleaseService>;
    receivedAt: Date;
  }): Promise<{ result: IngestionResult; ungated: UngatedReport[] }> {
    const { source, normalized, services, receivedAt } = options;
    const { deliveryId, bodySha256 } = options.delivery;
    return this.options.db.transaction(async trx => {
      // Claims the delivery first: a concurrent retry waits here and then
      // fails on the key, instead of applying the events twice.
      await trx('ingestion_deliveries').insert({
        source: source.name,
        delivery_id: deliveryId,
        body_sha256: bodySha256,
        result: '{}',
        received_at: receivedAt,
      });
      const deployments = new DeploymentStore(trx);
      const versions = new VersionStore(trx);
      // Versions and deployments do not depend on each other; each kind
      // keeps its order, and the answer keeps the events' order.
      const results: EventOutcome[] = new Array(normalized.length);
      const deploymentEvents: { index: number; event: DeploymentEvent }[] = [];
      for (const [index, event] of normalized.entries()) {
        if (event.type === 'version.created') {
          results[index] = await applyVersion(versions, event);
        } else {
          deploymentEvents.push({ index, event });
        }
      }
      const applied = await applyDeployments({
        deployments,
        events: deploymentEvents.map(d => d.event),
        deliveryId,
        receivedAt,
        services,
      });
      deploymentEvents.forEach(({ index }, i) => {
        results[index] = applied.outcomes[i];
      });
      const answer: IngestionResult = { deliveryId, results };
      await trx('ingestion_deliveries')
        .where({ source: source.name, delivery_id: deliveryId })
        .update({ result: JSON.stringify(answer) });
      return { result: answer, ungated: applied.ungated };
    });
  }

  /** Tells the owners and approvers of the gates passed by. */
  private async afterCommit(source: IngestionSource, ungated: UngatedReport[]) {
    for (const { service, deployment } of ungated) {
      await this.options.ungated.report(
        service,
        deployment,
        `reported by CI source ${source.name}`,
      );
    }
  }

  private async storedResult(delivery: {
    source: string;
    deliveryId: string;
    bodySha256: string;
  }): Promise<IngestionResult | undefined> {
    const row: { result: string; body_sha256: string | null } | undefined =
      await this.options
        .db('ingestion_deliveries')
        .where({ source: delivery.source, delivery_id: delivery.deliveryId })
        .first('result', 'body_sha256');
    if (!row) return undefined;
    if (row.body_sha256 !== null && row.body_sha256 !== delivery.bodySha256) {
      throw new ConflictError(
        `Delivery ${delivery.deliveryId} of source ${delivery.source} was applied with another body; send new events under a new delivery id`,
      );
    }
    return JSON.parse(row.result);
  }

  /**
   * Canonical service refs, known services the source reports for, stages,
   * and times not in the future; errors name the event.
   */
  private async validate(
    source: IngestionSource,
    events: IngestionEvent[],
    now: Date,
  ): Promise<{
    normalized: IngestionEvent[];
    services: Map<string, ReleaseService>;
  }> {
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
    const latest =
      now.getTime() + this.options.settings.maxClockSkewSeconds * 1000;
    const notInFuture = (index: number, field: string, value?: string) => {
      if (
        value !== undefined &&
        parseTime(value, `${at(index)}${field}`).getTime() > latest
      ) {
        throw new InputError(
          `${at(index)}${field}: ${value} is more than ${
            this.options.settings.maxClockSkewSeconds
          } seconds ahead of the server's clock (${now.toISOString()})`,
        );
      }
    };
    const normalized = events.map((event, index) => {
      const ref = refs[index];
      const service = services.get(ref);
      if (!service) {
        throw new InputError(
          `${at(index)}service: ${ref} is not a service on a pipeline`,
        );
      }
      assertReportsFor(source, service);
      if (event.type === 'version.created') {
        notInFuture(index, 'builtAt', event.builtAt);
        event.changes?.forEach((change, c) =>
          notInFuture(index, `changes[${c}].mergedAt`, change.mergedAt),
        );
      } else {
        notInFuture(index, 'occurredAt', event.occurredAt);
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
    return { normalized, services };
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
async function applyDeployments(options: {
  deployments: DeploymentStore;
  events: DeploymentEvent[];
  deliveryId: string;
  receivedAt: Date;
  services: Map<string, ReleaseService>;
}): Promise<{ outcomes: EventOutcome[]; ungated: UngatedReport[] }> {
  const { deployments, events, deliveryId, receivedAt, services } = options;
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
  const ungated: UngatedReport[] = [];

  for (const event of events) {
    const key = externalKey(event.service, event.deploymentId);
    const at = new Date(event.occurredAt);
    const iso = at.toISOString();
    const state = STATE_OF_EVENT[event.type];
    const cause = { cause: event.type, deliveryId, at };
    const current = working.get(key);

    if (!current) {
      const service = services.get(event.service)!;
      const ungatedDeployment = await bypassesGate(
        deployments,
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
        externalId: event.deploymentId,
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
    receivedAt,
  });
  return { outcomes, ungated };
}
