import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Deployment,
  TrainRun,
  TrainRunItem,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { TrainConfig } from '../config/trains';
import { Ledger } from '../ledger/Ledger';
import { LiveUpdates } from '../promotion/LiveUpdates';
import { PromotionService } from '../promotion/PromotionService';
import { Departure, dueDeparture, nextDeparture } from './schedule';

/** Items the conductor no longer moves: arrived, failed, or left for the next train. */
const SETTLED: TrainRunItem['state'][] = ['arrived', 'failed', 'waiting'];

/**
 * Runs the trains: departs each train when a departure is due (once, however
 * many replicas tick), boards the newest eligible version of each of its
 * services, and carries them stage by stage through the promotion engine.
 * Ticked by the scheduler.
 */
export class Conductor {
  constructor(
    private readonly options: {
      trains: ReadonlyMap<string, TrainConfig>;
      ledger: Ledger;
      resolveServices: (refs: string[]) => Promise<Map<string, ReleaseService>>;
      promotions: PromotionService;
      live: LiveUpdates;
      logger: LoggerService;
    },
  ) {}

  /**
   * Departs what is due, then advances the runs; once `signal` aborts, it
   * stops after the train or run at hand.
   */
  async tick(now: Date, signal?: AbortSignal): Promise<void> {
    await this.departDue(now, signal);
    await this.advance(signal);
  }

  /** Departs every train that owes a departure at `now`. */
  async departDue(now: Date, signal?: AbortSignal): Promise<void> {
    for (const train of this.options.trains.values()) {
      if (signal?.aborted) return;
      const ran = await this.options.ledger.trains.departedSince(
        train.name,
        new Date(now.getTime() - 25 * 3_600_000),
      );
      const due = dueDeparture(train, now, at => ran.has(at.toISOString()));
      if (due) await this.depart(train, due);
    }
  }

  /** The services that ride a train: configured, or annotated. */
  async servicesOf(train: TrainConfig): Promise<string[]> {
    return train.services.length > 0
      ? train.services
      : this.options.ledger.services.refsOnTrain(train.name);
  }

  /** The train a service rides, if any. */
  async trainOf(serviceRef: string): Promise<TrainConfig | undefined> {
    for (const train of this.options.trains.values()) {
      if ((await this.servicesOf(train)).includes(serviceRef)) return train;
    }
    return undefined;
  }

  private async depart(train: TrainConfig, departure: Departure) {
    const items = await this.board(train, departure);
    // The run and its items are written together: a crash in between would
    // leave an empty run, and the slot would never depart again.
    const departed = await this.options.ledger.transaction(async ledger => {
      const runId = await ledger.trains.claimDeparture(departure);
      if (!runId) return false; // departed already, here or on another replica
      await ledger.trains.saveItems(runId, items);
      await ledger.trains.setState(runId, 'departed');
      return true;
    });
    if (!departed) return;
    // Only the replica that departed it says so, once the run committed.
    await this.options.live.servicesChanged(items.map(item => item.service));
    await this.options.live.trainsChanged();
    this.options.logger.info(
      `Train ${
        train.name
      } departed (${departure.departsAt.toISOString()}) with ${
        items.filter(i => i.state === 'boarded').length
      } service(s)`,
    );
  }

  /**
   * What the train's next departure would carry if it left now, boarded as
   * a departure boards; a pure read, nothing is recorded. "Next" is the
   * train's `next`: the first departure no freeze cancels.
   */
  async preview(
    train: TrainConfig,
    now: Date,
  ): Promise<Departure & { items: TrainRunItem[] }> {
    const next = nextDeparture(train, now);
    if (!next) {
      throw new NotFoundError(
        `Train ${train.name} has no departure within a year`,
      );
    }
    return { ...next, items: await this.board(train, next) };
  }

  /** What each of the train's services carries on this departure, if anything. */
  private async board(
    train: TrainConfig,
    departure: Departure,
  ): Promise<TrainRunItem[]> {
    const { versions, stages: stageStates, changes } = this.options.ledger;
    const refs = await this.servicesOf(train);
    const services = await this.options.resolveServices(refs);
    const items: TrainRunItem[] = [];
    let carried = 0;
    for (const ref of refs) {
      const service = services.get(ref);
      if (!service) continue;
      const stages = service.pipeline.stages;
      const next =
        stages[stages.findIndex(s => s.name === train.boardsFrom) + 1];
      if (!next) continue;
      const waiting = await versions.waitingFor(ref, {
        stage: next.name,
        passedStage: train.boardsFrom,
        limit: 50,
      });
      const eligible = waiting.find(
        v => v.builtAt && new Date(v.builtAt) <= departure.cutoffAt,
      );
      const late = waiting[0] !== eligible ? waiting[0] : undefined;
      const missedCutoff =
        late &&
        `${late.version} was built after the cut-off; it waits for the next train`;
      if (!eligible) {
        if (late) {
          items.push({
            service: ref,
            state: 'waiting',
            changeCount: 0,
            reason: missedCutoff,
          });
        }
        continue;
      }
      const running = (await stageStates.ofService(ref)).get(next.name)?.current
        ?.version;
      const count = (
        await changes.between(ref, running, eligible.version, 10_000)
      ).length;
      const overCapacity =
        train.maxChanges !== undefined && carried + count > train.maxChanges;
      if (!overCapacity) carried += count;
      items.push({
        service: ref,
        version: eligible.version,
        ...(running && { fromVersion: running }),
        state: overCapacity ? 'waiting' : 'boarded',
        changeCount: count,
        ...(overCapacity
          ? {
              reason: `Over the train's capacity of ${train.maxChanges} changes; it waits for the next train`,
            }
          : missedCutoff && { reason: missedCutoff }),
      });
    }
    return items;
  }

  /** Moves every run under way one step along. */
  async advance(signal?: AbortSignal): Promise<void> {
    const runs = await this.options.ledger.trains.listUnfinished();
    for (const run of runs) {
      if (signal?.aborted) return;
      try {
        await this.advanceRun(run);
      } catch (error) {
        this.options.logger.warn(
          `Could not advance train run ${run.id}: ${error}`,
        );
      }
    }
  }

  /**
   * Moves a run one step along; open pages hear of what it changed, after
   * it is written (what was written before an error too), once.
   */
  private async advanceRun(run: TrainRun) {
    const { trains: trainStore } = this.options.ledger;
    const changed = new Set<string>();
    let runChanged = false;
    try {
      const train = this.options.trains.get(run.train);
      if (!train) {
        await trainStore.setState(run.id, 'cancelled', {
          reason: `Train ${run.train} is no longer configured`,
        });
        run.items.forEach(item => changed.add(item.service));
        runChanged = true;
        return;
      }
      const services = await this.options.resolveServices(
        run.items.map(item => item.service),
      );
      const items: TrainRunItem[] = [];
      for (const item of run.items) {
        const service = services.get(item.service);
        const next =
          service && !SETTLED.includes(item.state)
            ? await this.step(train, run, service, item)
            : item;
        if (!sameItem(next, item)) {
          await trainStore.updateItem(run.id, next);
          changed.add(item.service);
        }
        items.push(next);
      }
      runChanged = await this.updateRunState(run, items, services);
    } finally {
      await this.options.live.servicesChanged(changed);
      if (runChanged || changed.size > 0) {
        await this.options.live.trainsChanged();
      }
    }
  }

  /** One item's next step: promote it into its next stage, or follow its deployment. */
  private async step(
    train: TrainConfig,
    run: TrainRun,
    service: ReleaseService,
    item: TrainRunItem,
  ): Promise<TrainRunItem> {
    const stages = service.pipeline.stages.map(s => s.name);
    if (item.deploymentId) {
      const deployment = await this.options.ledger.deployments.get(
        item.deploymentId,
      );
      if (!deployment) return item;
      if (deployment.state === 'succeeded') {
        if (item.stage === stages[stages.length - 1]) {
          return { ...item, state: 'arrived' };
        }
        return this.promote(
          train,
          run,
          service,
          item,
          stages[stages.indexOf(item.stage!) + 1],
        );
      }
      if (['failed', 'cancelled', 'rolled-back'].includes(deployment.state)) {
        return {
          ...item,
          state: 'failed',
          reason: `${deployment.state} in ${deployment.stage}${
            deployment.reason ? `: ${deployment.reason}` : ''
          }`,
        };
      }
      return { ...item, state: toItemState(deployment) };
    }
    // Boarded, or blocked by a gate last time: enter the stage after boarding.
    return this.promote(
      train,
      run,
      service,
      item,
      item.stage ?? stages[stages.indexOf(train.boardsFrom) + 1],
    );
  }

  private async promote(
    train: TrainConfig,
    run: TrainRun,
    service: ReleaseService,
    item: TrainRunItem,
    stage: string,
  ): Promise<TrainRunItem> {
    // A crash after an earlier tick promoted, before it recorded the
    // deployment's id, leaves the deployment unrecorded: follow it instead
    // of promoting again, which its gates would refuse for good.
    const unrecorded = await this.options.ledger.deployments.latestOfTrainRun(
      run.id,
      service.ref,
      stage,
    );
    if (unrecorded) {
      return {
        ...item,
        stage,
        deploymentId: unrecorded.id,
        state: toItemState(unrecorded),
        reason: undefined,
      };
    }
    try {
      const deployment = await this.options.promotions.promote(service, {
        version: item.version!,
        stage,
        requestedBy: `train:${train.name}`,
        reason: `Carried by the ${train.title} train of ${run.departsAt}`,
        automatic: true,
        trainRunId: run.id,
        approvalsWaived: !train.approvals,
      });
      return {
        ...item,
        stage,
        deploymentId: deployment.id,
        state: toItemState(deployment),
        reason: undefined,
      };
    } catch (error) {
      // A gate blocks (a freeze, a window, a hold...): try again next tick.
      return {
        ...item,
        stage,
        deploymentId: undefined,
        state: 'blocked',
        reason: (error as Error).message,
      };
    }
  }

  /** Records how far the run is; whether that changed. */
  private async updateRunState(
    run: TrainRun,
    items: TrainRunItem[],
    services: Map<string, ReleaseService>,
  ): Promise<boolean> {
    const { trains: trainStore } = this.options.ledger;
    const carried = items.filter(i => i.state !== 'waiting');
    if (carried.every(i => SETTLED.includes(i.state))) {
      const failed = carried.filter(i => i.state === 'failed').length;
      let reason: string | undefined;
      if (failed > 0) {
        reason = `${failed} of ${carried.length} service(s) did not arrive`;
      } else if (carried.length === 0) {
        reason = 'Nothing new to carry';
      }
      await trainStore.setState(
        run.id,
        failed > 0 ? 'partially-rolled-back' : 'arrived',
        { reason },
      );
      return true;
    }
    const stages = carried
      .filter(i => !SETTLED.includes(i.state) && i.stage)
      .map(i => i.stage!);
    if (stages.length > 0) {
      // The run is as far as its slowest service.
      const order =
        services.get(carried[0].service)?.pipeline.stages.map(s => s.name) ??
        stages;
      const slowest = stages.sort(
        (a, b) => order.indexOf(a) - order.indexOf(b),
      )[0];
      if (run.state !== 'in-stage' || run.stage !== slowest) {
        await trainStore.setState(run.id, 'in-stage', { stage: slowest });
        return true;
      }
    }
    return false;
  }
}

/**
 * Whether a step left an item as it was: each step answers a new item, and
 * one following a deployment still under way answers the same fields.
 */
function sameItem(a: TrainRunItem, b: TrainRunItem): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(
    key => a[key as keyof TrainRunItem] === b[key as keyof TrainRunItem],
  );
}

function toItemState(deployment: Deployment): TrainRunItem['state'] {
  return deployment.state === 'awaiting-approval'
    ? 'awaiting-approval'
    : 'in-progress';
}
