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
import { assessStep } from './analysis';
import { assessChecks, describeFailure, measureChecks } from './measure';
import {
  deploymentRequest,
  planOf,
  plannedSeconds,
  RolloutPlan,
  rolloutRequest,
} from './plan';

/** Who the ledger names for a rollback the analysis started. */
export const ROLLOUT_ANALYSIS = 'rollout:analysis';

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

  /** Moves every roll-out whose steps run; run by the scheduler. */
  async tick(signal?: AbortSignal): Promise<void> {
    const { ledger, logger } = this.options;
    for (const rollout of await ledger.rollouts.stepping()) {
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
    if (!moving) return;
    if (moving.deployment.state !== 'in-progress') {
      // Ended otherwise (its deadline, a person): the new version gets no traffic.
      await this.takeTrafficAway(moving);
      await this.move(moving, {
        phase: 'aborted',
        weight: 0,
        abortReason: `The deployment ${moving.deployment.state} before its roll-out finished`,
      });
      return;
    }
    // Steps that do not wait run one after the other in one tick.
    for (;;) {
      const next = await this.step(moving);
      if (!next || !(await this.move(moving, next))) return;
    }
  }

  /** Runs the current step; the change that moves past it, or undefined to wait. */
  private async step(moving: Moving): Promise<RolloutChange | undefined> {
    const { rollout, plan, deployment } = moving;
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
      const started = Date.parse(rollout.stepStartedAt ?? deployment.createdAt);
      return now.getTime() >= started + step.seconds * 1000
        ? nextStep
        : undefined;
    }
    const verdict = await this.analyse(moving, now);
    if (verdict.phase === 'failed') {
      await this.abortAndRollBack(moving, {
        reason: `Analysis failed: ${verdict.reason}`,
        requestedBy: ROLLOUT_ANALYSIS,
        breachedAt: now,
      });
      return undefined;
    }
    if (verdict.phase === 'inconclusive') {
      await this.pause(moving, `Analysis inconclusive: ${verdict.reason}`);
      return undefined;
    }
    return verdict.phase === 'successful' ? nextStep : undefined;
  }

  /**
   * Takes a measurement of every check when the interval has passed since
   * the last one of this step, and judges the step by all of them.
   */
  private async analyse(
    { rollout, plan, deployment }: Moving,
    now: Date,
  ): Promise<{
    phase: 'running' | 'successful' | 'failed' | 'inconclusive';
    reason?: string;
  }> {
    const { ledger, providers } = this.options;
    const { analysis } = plan;
    const stepStarted = Date.parse(
      rollout.stepStartedAt ?? deployment.createdAt,
    );
    const taken = (
      await ledger.rollouts.measurements(rollout.deploymentId)
    ).filter(
      m =>
        m.stepIndex === rollout.stepIndex &&
        Date.parse(m.measuredAt) >= stepStarted,
    );
    const intervalMs = analysis.intervalSeconds * 1000;
    if (!(await ledger.rollouts.claimMeasurement(rollout, intervalMs, now))) {
      return { phase: 'running' };
    }
    const provider = providers.get(analysis.provider);
    if (!provider) {
      return {
        phase: 'inconclusive',
        reason: `no metric provider '${analysis.provider}' is installed`,
      };
    }
    const measured = await measureChecks({
      provider,
      analysis,
      deployment,
      baselineVersion: rollout.baselineVersion,
      stepIndex: rollout.stepIndex,
      // Pushed numbers from before the step, or older than three intervals, are no data.
      since: new Date(Math.max(stepStarted, now.getTime() - 3 * intervalMs)),
      at: now,
    });
    await ledger.rollouts.addMeasurements(rollout.deploymentId, measured);
    const all = [...taken, ...measured];
    const verdicts = assessChecks(analysis, all);
    const phase = assessStep(verdicts.map(v => v.verdict));
    if (phase === 'failed') {
      return {
        phase,
        reason: verdicts
          .filter(v => v.verdict.phase === 'failed')
          .map(v => describeFailure(v.check, all))
          .join('; '),
      };
    }
    if (phase === 'inconclusive') {
      return {
        phase,
        reason: verdicts
          .flatMap(v =>
            v.verdict.phase === 'inconclusive' ? [v.verdict.reason] : [],
          )
          .join('; '),
      };
    }
    return { phase };
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
    if (!done) return;
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
   * when someone moved the roll-out first. Then the deployer is asked.
   */
  async abortAndRollBack(
    moving: Moving,
    cause: { reason: string; requestedBy: string; breachedAt?: Date },
  ): Promise<void> {
    const { ledger, events, runner } = this.options;
    const { rollout, deployment, stage } = moving;
    await this.takeTrafficAway(moving);
    const now = this.options.now();
    const done = await ledger.transaction(async tx => {
      const key = { service: deployment.service, stage: deployment.stage };
      await tx.stages.lock([key]);
      const aborted = await tx.rollouts.move(
        rollout.deploymentId,
        rollout,
        {
          phase: 'aborted',
          // All traffic is back on the baseline.
          weight: 0,
          abortReason: cause.reason,
          ...(cause.breachedAt && {
            breachedAt: cause.breachedAt.toISOString(),
          }),
        },
        now,
      );
      if (!aborted) return undefined;
      const failed = await tx.deployments.transition(deployment.id, 'failed', {
        cause: `roll-out aborted by ${cause.requestedBy}`,
        reason: cause.reason,
        at: now,
      });
      if (!rollout.baselineVersion) return { failed };
      const rollback = await tx.deployments.claim(
        {
          ...key,
          version: rollout.baselineVersion,
          kind: 'rollback',
          state: 'in-progress',
          reason: `Roll-out of ${deployment.version} aborted: ${cause.reason}`,
          createdBy: cause.requestedBy,
          createdAt: now,
          startedAt: now,
          deadlineAt: deadline(stage, now),
          deployer: deployment.deployer,
        },
        (_state, stages) =>
          stages.setHold(key.service, key.stage, {
            by: cause.requestedBy,
            reason: cause.reason,
            at: now,
          }),
        { cause: `roll-out of ${deployment.version} aborted` },
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
    if (!done) return;
    await events.deploymentChanged(done.failed);
    await events.ownersConcerned(done.failed);
    if (done.rollback) await runner().start(done.rollback);
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
