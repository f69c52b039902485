import { AuthService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { ReleaseService, ServiceDirectory } from '../catalog/ServiceDirectory';
import { toServiceRef } from '../catalog/serviceRef';
import { Delivery, isUniqueViolation } from '../ledger/DeliveryStore';
import { Ledger } from '../ledger/Ledger';
import { parseTime } from '../ledger/timestamps';

import { LiveUpdates } from '../promotion/LiveUpdates';
import { UngatedDeployments } from '../promotion/ungated';
import { applyDeployments, applyVersion, UngatedReport } from './applyEvents';
import {
  DeploymentEvent,
  EventOutcome,
  IngestionEvent,
  IngestionResult,
  VersionCreatedEvent,
} from './events';
import {
  assertReportsFor,
  IngestionSettings,
  IngestionSource,
} from './sources';

/** How often a delivery is applied again after a concurrent one's conflict. */
const APPLY_ATTEMPTS = 3;

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
      ledger: Ledger;
      services: ServiceDirectory;
      auth: AuthService;
      settings: IngestionSettings;
      ungated: UngatedDeployments;
      live: LiveUpdates;
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
    const receivedAt = this.now();
    // A retry is told apart by the delivery's key, which the transaction
    // claims first: no statement is spent looking for it beforehand.
    let validated: Awaited<ReturnType<IngestionService['validate']>>;
    try {
      validated = await this.validate(source, events, receivedAt);
    } catch (error) {
      // A retry gets its first answer even if its events would no longer
      // pass (a service since taken off its pipeline).
      const stored = await this.storedResult(delivery);
      if (stored) return { result: stored, replayed: true };
      throw error;
    }
    const { normalized, services } = validated;
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
    await this.afterCommit(source, normalized, applied);
    return { result: applied.result, replayed: false };
  }

  /** Applies a delivery's events in one transaction, claiming the delivery first. */
  private async apply(options: {
    source: IngestionSource;
    delivery: Delivery;
    normalized: IngestionEvent[];
    services: Map<string, ReleaseService>;
    receivedAt: Date;
  }): Promise<{ result: IngestionResult; ungated: UngatedReport[] }> {
    const { delivery, normalized, services, receivedAt } = options;
    const { deliveryId } = delivery;
    return this.options.ledger.transaction(async tx => {
      await tx.deliveries.claim(delivery, receivedAt);
      // Versions and deployments do not depend on each other; each kind
      // keeps its order, and the answer keeps the events' order.
      const results: EventOutcome[] = new Array(normalized.length);
      const deploymentEvents: { index: number; event: DeploymentEvent }[] = [];
      for (const [index, event] of normalized.entries()) {
        if (event.type === 'version.created') {
          results[index] = await applyVersion(tx.versions, event);
        } else {
          deploymentEvents.push({ index, event });
        }
      }
      const applied = await applyDeployments({
        deployments: tx.deployments,
        stages: tx.stages,
        events: deploymentEvents.map(d => d.event),
        deliveryId,
        receivedAt,
        services,
      });
      deploymentEvents.forEach(({ index }, i) => {
        results[index] = applied.outcomes[i];
      });
      const answer: IngestionResult = { deliveryId, results };
      await tx.deliveries.saveAnswer(delivery, answer);
      return { result: answer, ungated: applied.ungated };
    });
  }

  /**
   * Tells open pages of the services whose data changed (one signal each,
   * none for events that changed nothing), and the owners and approvers of
   * the gates passed by.
   */
  private async afterCommit(
    source: IngestionSource,
    normalized: IngestionEvent[],
    applied: { result: IngestionResult; ungated: UngatedReport[] },
  ) {
    await this.options.live.servicesChanged(
      normalized
        .filter((_, i) => applied.result.results[i].outcome !== 'unchanged')
        .map(event => event.service),
    );
    for (const { service, deployment } of applied.ungated) {
      await this.options.ungated.report(
        service,
        deployment,
        `reported by CI source ${source.name}`,
      );
    }
  }

  private async storedResult(
    delivery: Delivery,
  ): Promise<IngestionResult | undefined> {
    const stored = await this.options.ledger.deliveries.find(
      delivery.source,
      delivery.deliveryId,
    );
    if (!stored) return undefined;
    if (stored.bodySha256 && stored.bodySha256 !== delivery.bodySha256) {
      throw new ConflictError(
        `Delivery ${delivery.deliveryId} of source ${delivery.source} was applied with another body; send new events under a new delivery id`,
      );
    }
    return stored.answer as IngestionResult;
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
        event.changes?.forEach((change, c) => {
          notInFuture(index, `changes[${c}].mergedAt`, change.mergedAt);
          notInFuture(index, `changes[${c}].committedAt`, change.committedAt);
          assertCommittedBeforeMerged(`${at(index)}changes[${c}].`, change);
        });
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

/** A change is committed before it is merged, or at the same time. */
function assertCommittedBeforeMerged(
  at: string,
  change: NonNullable<VersionCreatedEvent['changes']>[number],
) {
  const { committedAt, mergedAt } = change;
  if (committedAt === undefined || mergedAt === undefined) return;
  if (
    parseTime(committedAt, `${at}committedAt`).getTime() >
    parseTime(mergedAt, `${at}mergedAt`).getTime()
  ) {
    throw new InputError(
      `${at}committedAt: ${committedAt} is after the change's mergedAt (${mergedAt})`,
    );
  }
}
