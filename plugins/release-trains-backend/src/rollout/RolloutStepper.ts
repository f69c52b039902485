import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Deployment } from '@release-trains/plugin-release-trains-common';
import {
  ReleaseTrainsDeployer,
  ReleaseTrainsMetricProvider,
} from '@release-trains/plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { RolloutChange, StoredRollout } from '../ledger/RolloutStore';
import { DeploymentRunner } from '../promotion/DeploymentRunner';
import { PromotionEvents } from '../promotion/PromotionEvents';
import { deadline } from '../promotion/stages';
import { analyseStep } from './analyseStep';
import {
  deploymentRequest,
  planOf,
  plannedSeconds,
  RolloutPlan,
  rolloutRequest,
} from './plan';

/** Who the ledger names for a rollback the analysis started. */
export const ROLLOUT_ANALYSIS = 'rollout:analysis';

/** What the deployments' reason column holds. */
const REASON_LENGTH = 1024;

/** When the roll-out's current step began. */
const stepStartOf = ({
  rollout,
  deployment,
}: Pick<Moving, 'rollout' | 'deployment'>) =>
  rollout.stepStartedAt ?? deployment.startedAt ?? deployment.createdAt;

export type RolloutStepperOptions = {
  ledger: Ledger;
  /** The deployers as modules added them, with their traffic operations. */
  deployers: ReadonlyMap<string, ReleaseTrainsDeployer>;
  providers: ReadonlyMap<string, ReleaseTrainsMetricProvider>;
  resolveService: (ref: string) => Promise<ReleaseService | undefined>;
  /** The promotion engine's runner, which starts and finishes deployments. */
  runner: () => DeploymentRunner;
  events: PromotionEvents;
  logger: LoggerService;
  now: () => Date;
};

/** A roll-out with what it needs to move: its deployment, stage and deployer. */
type Moving = {
  rollout: StoredRollout;
  plan: RolloutPlan;
  deployment: Deployment;
  stage: StageConfig;
  deployer: ReleaseTrainsDeployer;
};

/**
 * Moves roll-outs through their steps: shifts traffic, waits, measures
 * health and judges it, and at the end sends all traffic to the new
 * version; a failed analysis aborts the roll-out and rolls the stage back
 * by itself. Everything it knows is in the ledger, and every move is made
 * only if the roll-out still stands where it was read, so a tick on
 * another replica, a retry or a person acting at the same time never
 * makes a step twice.
 */
export class RolloutStepper {
  constructor(private readonly options: RolloutStepperOptions) {}

  /**
   * Moves every roll-out whose steps run, and closes those whose
   * deployment ended otherwise; run by the scheduler.
   */
  async tick(signal?: AbortSignal): Promise<void> {
    const { ledger, logger } = this.options;
    for (const rollout of await ledger.rollouts.unfinished()) {
      if (signal?.aborted) return;
      try {
        await this.advance(rollout);
      } catch (error) {
        // A deployer or provider that failed is asked again next tick.
        logger.warn(
          `Could not move the roll-out of deployment ${rollout.deploymentId}: ${error}`,
        );
      }
    }
  }

  /** The roll-out with its deployment, stage and deployer; undefined when one is gone. */
  async load(rollout: StoredRollout): Promise<Moving | undefined> {
    const { ledger, deployers, resolveService } = this.options;
    const deployment = await ledger.deployments.get(rollout.deploymentId);
    const deployer = deployment && deployers.get(deployment.deployer ?? '');
    const service = deployment && (await resolveService(deployment.service));
    const stage = service?.pipeline.stages.find(
      s => s.name === deployment!.stage,
    );
    if (!deployment || !deployer || !stage) return undefined;
    return { rollout, plan: planOf(rollout), deployment, stage, deployer };
  }

  private async advance(stored: StoredRollout): Promise<void> {
    const moving = await this.load(stored);
    if (!moving) {
      this.options.logger.warn(
        `The roll-out of deployment ${stored.deploymentId} cannot move: its deployment, stage or deployer is gone`,
      );
      return;
    }
    const { state } = moving.deployment;
    if (state !== 'in-progress' && state !== 'unknown') {
      await this.close(moving);
      return;
    }
    if (state !== 'in-progress' || stored.phase !== 'stepping') return;
    // Steps that do not wait run one after the other in one tick.
    for (;;) {
      const next = await this.step(moving);
      if (!next) return;
      if (!(await this.move(moving, next))) {
        await this.afterLostRace(moving);
        return;
      }
    }
  }

  /**
   * A roll-out whose deployment ended otherwise — its deadline, a person —
   * is over: one a person marked succeeded is taken as completed; any
   * other's new version gets no more traffic.
   */
  private async close(moving: Moving): Promise<void> {
    const { state } = moving.deployment;
    if (state === 'succeeded') {
      await this.move(moving, { phase: 'completed', pausedReason: undefined });
      return;
    }
    const closed = await this.move(moving, {
      phase: 'aborted',
      weight: 0,
      pausedReason: undefined,
      abortReason: `The deployment ${state} before its roll-out finished`,
    });
    if (closed) await this.takeTrafficAway(moving);
  }

  /**
   * The roll-out moved while a traffic call was under way (a person
   * aborted it): if it is aborted now, the traffic that call shifted goes
   * back to the baseline.
   */
  private async afterLostRace(moving: Moving): Promise<void> {
    const now = await this.options.ledger.rollouts.get(
      moving.rollout.deploymentId,
    );
    if (now?.phase === 'aborted') await this.takeTrafficAway(moving);
  }

  /** Runs the current step; the change that moves past it, or undefined to wait. */
  private async step(moving: Moving): Promise<RolloutChange | undefined> {
    const { rollout, plan } = moving;
    const now = this.options.now();
    const step = plan.steps[rollout.stepIndex];
    const nextStep = {
      stepIndex: rollout.stepIndex + 1,
      stepStartedAt: now.toISOString(),
    };
    if (!step) {
      await this.complete(moving);
      return undefined;
    }
    if (step.kind === 'set-weight') {
      await moving.deployer.rollout!.setWeight(
        this.request(moving),
        step.weight,
      );
      return { ...nextStep, weight: step.weight };
    }
    if (step.kind === 'pause') {
      if (step.seconds === undefined) {
        await this.pause(moving, 'Paused until a person resumes it');
        return undefined;
      }
      const started = Date.parse(stepStartOf(moving));
      return now.getTime() >= started + step.seconds * 1000
        ? nextStep
        : undefined;
    }
    const verdict = await analyseStep({
      ledger: this.options.ledger,
      providers: this.options.providers,
      rollout,
      plan,
      deployment: moving.deployment,
      stepStarted: Date.parse(stepStartOf(moving)),
      now,
    });
    if (verdict.phase === 'failed') {
      await this.abortAndRollBack(moving, {
        reason: `Analysis failed: ${verdict.reason}`,
        requestedBy: ROLLOUT_ANALYSIS,
        breachedAt: verdict.breachedAt,
      });
      return undefined;
    }
    if (verdict.phase === 'inconclusive') {
      await this.pause(moving, `Analysis inconclusive: ${verdict.reason}`);
      return undefined;
    }
    return verdict.phase === 'successful' ? nextStep : undefined;
  }

  /** All traffic to the new version; the deployment then succeeds. */
  private async complete(moving: Moving): Promise<void> {
    const { plan, rollout, deployment, deployer } = moving;
    if (plan.strategy === 'canary') {
      await deployer.rollout!.setWeight(this.request(moving), 100);
    } else {
      await deployer.rollout!.switchTraffic(this.request(moving));
    }
    const done = await this.move(moving, {
      phase: 'completed',
      weight: 100,
      stepIndex: plan.steps.length,
    });
    if (!done) {
      await this.afterLostRace(moving);
      return;
    }
    await this.options
      .runner()
      .report(deployment.deployer!, deployment.id, {
        state: 'succeeded',
        message: `Rolled out (${plan.strategy}): all traffic on ${
          deployment.version
        }${rollout.baselineVersion ? `, was ${rollout.baselineVersion}` : ''}`,
      })
      .catch(error => {
        // Ended meanwhile (a person, its deadline): nothing left to finish.
        if (!(error instanceof ConflictError)) throw error;
      });
  }

  private async pause(moving: Moving, reason: string): Promise<void> {
    const { ledger, events } = this.options;
    const paused = await this.move(moving, {
      phase: 'paused',
      pausedReason: reason,
    });
    if (!paused) return;
    // A person has as long to decide as they would have to approve.
    await ledger.deployments.extendDeadline(
      moving.deployment.id,
      new Date(
        this.options.now().getTime() +
          moving.stage.gates.approvalExpiryHours * 3_600_000,
      ),
    );
    await events.rolloutPaused(moving.deployment, reason);
  }

  /**
   * Aborts the roll-out and rolls the stage back to the baseline in one
   * transaction: the roll-out aborted with its reason, the deployment
   * failed, a rollback claimed with the hold on the stage — or none of it,
   * when someone moved the roll-out first. Only then is the traffic taken
   * away and the rollback started. A roll-out of a rollback is not rolled
   * back again (that would return to the version being left): the stage is
   * held for a person.
   */
  async abortAndRollBack(
    moving: Moving,
    cause: { reason: string; requestedBy: string; breachedAt?: Date },
  ): Promise<boolean> {
    const { ledger, events, runner } = this.options;
    const { rollout, deployment, stage } = moving;
    const now = this.options.now();
    const reason = cause.reason.slice(0, REASON_LENGTH);
    const done = await ledger.transaction(async tx => {
      const key = { service: deployment.service, stage: deployment.stage };
      await tx.stages.lock([key]);
      const aborted = await tx.rollouts.move(
        rollout.deploymentId,
        rollout,
        {
          phase: 'aborted',
          // All traffic goes back on the baseline.
          weight: 0,
          pausedReason: undefined,
          abortReason: reason,
          ...(cause.breachedAt && {
            breachedAt: cause.breachedAt.toISOString(),
          }),
        },
        now,
      );
      if (!aborted) return undefined;
      const hold = { by: cause.requestedBy, reason, at: now };
      const failed = await tx.deployments.transition(deployment.id, 'failed', {
        cause: `roll-out aborted by ${cause.requestedBy}`.slice(0, 255),
        reason,
        at: now,
      });
      if (!rollout.baselineVersion || deployment.kind === 'rollback') {
        await tx.stages.setHold(key.service, key.stage, hold);
        return { failed };
      }
      const rollback = await tx.deployments.claim(
        {
          ...key,
          version: rollout.baselineVersion,
          kind: 'rollback',
          state: 'in-progress',
          reason: `Roll-out of ${deployment.version} aborted: ${reason}`.slice(
            0,
            REASON_LENGTH,
          ),
          createdBy: cause.requestedBy,
          createdAt: now,
          startedAt: now,
          deadlineAt: deadline(stage, now),
          deployer: deployment.deployer,
        },
        (_state, stages) => stages.setHold(key.service, key.stage, hold),
        { cause: `roll-out of ${deployment.version} aborted`.slice(0, 255) },
      );
      await tx.rollouts.move(
        rollout.deploymentId,
        { phase: 'aborted', stepIndex: rollout.stepIndex },
        {
          rollbackDeploymentId: rollback.id,
          rollbackStartedAt: now.toISOString(),
        },
        now,
      );
      return { failed, rollback };
    });
    if (!done) return false;
    moving.rollout = { ...moving.rollout, phase: 'aborted', weight: 0 };
    await this.takeTrafficAway(moving);
    await events.deploymentChanged(done.failed);
    await events.ownersConcerned(done.failed);
    if (done.rollback) await runner().start(done.rollback);
    return true;
  }

  /** Asks the deployer to send all traffic back; the rollback does it too, so an error only warns. */
  private async takeTrafficAway(moving: Moving): Promise<void> {
    try {
      await moving.deployer.rollout?.abort(this.request(moving));
    } catch (error) {
      this.options.logger.warn(
        `Could not abort the roll-out of deployment ${moving.deployment.id}: ${error}`,
      );
    }
  }

  /** Moves the roll-out on if it still stands where it was read; signals open pages. */
  private async move(moving: Moving, change: RolloutChange): Promise<boolean> {
    const { ledger, events, now } = this.options;
    const moved = await ledger.rollouts.move(
      moving.rollout.deploymentId,
      moving.rollout,
      change,
      now(),
    );
    if (moved) {
      moving.rollout = { ...moving.rollout, ...change };
      await events.deploymentChanged(moving.deployment);
    }
    return moved;
  }

  private request({ plan, rollout, deployment }: Moving) {
    return deploymentRequest(
      deployment,
      rolloutRequest(plan, rollout.baselineVersion),
    );
  }

  /** The deadline of a roll-out stepping from now: the stage's timeout plus the plan's time. */
  deadlineFrom(stage: StageConfig, plan: RolloutPlan, from: Date): Date {
    return new Date(
      deadline(stage, from).getTime() + plannedSeconds(plan) * 1000,
    );
  }
}
