import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  HealthCheckKind,
  Rollout,
} from '@release-trains/plugin-release-trains-common';
import {
  DeployerStatus,
  DeploymentRequest,
  HealthSample,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { thresholdOf } from '../config/rollouts';
import { StoredRollout } from '../ledger/RolloutStore';
import { describeStep, planJson, planOf, rolloutRequest, toPlan } from './plan';
import { RolloutStepper, RolloutStepperOptions } from './RolloutStepper';

/** What a pushed value of each check may be. */
const VALUE_RANGES: Record<HealthCheckKind, [number, number, string]> = {
  'error-rate': [0, 1, 'an error rate is a fraction, 0 to 1 (0.02 is 2 %)'],
  'latency-p95': [0, Infinity, 'a latency is milliseconds, 0 or more'],
  'health-check': [0, 1, 'a health check is 1 (passing) or 0 (failing)'],
  'burn-rate': [0, Infinity, 'a burn rate is 0 or more'],
};

/** 400 for a sample that could not be judged, before anything is stored. */
function validateSample(sample: HealthSample, index: number): void {
  const range = VALUE_RANGES[sample.check];
  if (!range) {
    throw new InputError(
      `samples[${index}].check: '${sample.check}' is not a check`,
    );
  }
  if (sample.canary === undefined && sample.baseline === undefined) {
    throw new InputError(
      `samples[${index}]: give the canary's value, the baseline's, or both`,
    );
  }
  const [min, max, says] = range;
  for (const side of ['canary', 'baseline'] as const) {
    const value = sample[side];
    if (value !== undefined && !(value >= min && value <= max)) {
      throw new InputError(`samples[${index}].${side}: ${says}`);
    }
  }
}

/**
 * Progressive delivery: the stages' strategies put between the promotion
 * engine and the deployers. `wrap` gives the engine a deployer that begins
 * a roll-out where the stage configures one, and answers `in-progress`
 * while its steps run; the stepper moves them. People resume and abort
 * roll-outs here; systems push health numbers here.
 */
export class RolloutService {
  readonly stepper: RolloutStepper;

  constructor(private readonly options: RolloutStepperOptions) {
    this.stepper = new RolloutStepper(options);
  }

  /** The deployer as the promotion engine should call it. */
  wrap(deployer: ReleaseTrainsDeployer): ReleaseTrainsDeployer {
    return {
      id: deployer.id,
      start: request => this.start(deployer, request),
      status: request => this.status(deployer, request),
    };
  }

  private async start(
    deployer: ReleaseTrainsDeployer,
    request: DeploymentRequest,
  ): Promise<DeployerStatus> {
    const { ledger, resolveService, now } = this.options;
    const service = await resolveService(request.service);
    const stage = service?.pipeline.stages.find(s => s.name === request.stage);
    const config = stage?.rollout;
    if (!stage || !config || config.strategy === 'rolling') {
      return deployer.start(request);
    }
    // A rollback returns to a version that succeeded in the stage before
    // (rollbackTarget sees to it): with fast track it does not step, and
    // one an aborted roll-out started never does.
    if (
      request.kind === 'rollback' &&
      (config.fastTrackRollback ||
        (await ledger.rollouts.startedByAbort(request.deploymentId)))
    ) {
      return deployer.start(request);
    }
    const baselineVersion = (
      await ledger.stages.ofService(request.service)
    ).get(request.stage)?.current?.version;
    let note: string | undefined;
    if (!deployer.rollout) {
      note = `The ${deployer.id} deployer cannot shift traffic, so it rolls out all at once`;
    } else if (!baselineVersion) {
      note = `Nothing ran in ${request.stage} before to compare with, so it rolls out all at once`;
    }
    const plan = toPlan(config);
    const at = now();
    await ledger.rollouts.create(
      {
        deploymentId: request.deploymentId,
        strategy: config.strategy,
        runsAs: note ? 'rolling' : config.strategy,
        ...(note && { note }),
        ...(baselineVersion && { baselineVersion }),
        plan: planJson(plan),
        stepIndex: 0,
        weight: 0,
        phase: note ? 'completed' : 'deploying',
      },
      at,
    );
    if (note) return deployer.start(request);
    await ledger.deployments.extendDeadline(
      request.deploymentId,
      this.stepper.deadlineFrom(stage, plan, at),
    );
    return this.deployed(
      request,
      await deployer.start({
        ...request,
        rollout: rolloutRequest(plan, baselineVersion),
      }),
    );
  }

  /**
   * What the deployer said of bringing the new version up: once it is up
   * beside the baseline, without traffic, the steps begin and the
   * deployment stays in progress; if it failed, so did the roll-out.
   */
  private async deployed(
    request: DeploymentRequest,
    status: DeployerStatus,
  ): Promise<DeployerStatus> {
    const { ledger, events, now } = this.options;
    const seen = { phase: 'deploying' as const, stepIndex: 0 };
    const at = now();
    if (status.state === 'succeeded') {
      const moved = await ledger.rollouts.move(
        request.deploymentId,
        seen,
        { phase: 'stepping', stepStartedAt: at.toISOString() },
        at,
      );
      if (moved) await events.deploymentChanged(request);
      return {
        state: 'in-progress',
        message: 'Up beside the baseline; stepping',
      };
    }
    // Unknown waits for a person, who may yet find it up; failed is over.
    if (status.state === 'failed') {
      await ledger.rollouts.move(
        request.deploymentId,
        seen,
        { phase: 'aborted', abortReason: status.message },
        at,
      );
    }
    return status;
  }

  private async status(
    deployer: ReleaseTrainsDeployer,
    request: DeploymentRequest,
  ): Promise<DeployerStatus> {
    const rollout = await this.options.ledger.rollouts.get(
      request.deploymentId,
    );
    if (!rollout || rollout.runsAs === 'rolling') {
      return deployer.status(request);
    }
    const plan = planOf(rollout);
    switch (rollout.phase) {
      case 'deploying':
        return this.deployed(
          request,
          await deployer.status({
            ...request,
            rollout: rolloutRequest(plan, rollout.baselineVersion),
          }),
        );
      case 'completed':
        return { state: 'succeeded', message: `Rolled out (${plan.strategy})` };
      case 'aborted':
        return {
          state: 'failed',
          message: rollout.abortReason ?? 'Roll-out aborted',
        };
      default:
        return {
          state: 'in-progress',
          message: `Step ${rollout.stepIndex + 1} of ${
            plan.steps.length
          }: ${describeStep(plan.steps[rollout.stepIndex])}`,
        };
    }
  }

  /** The roll-out of a deployment of the service; 404 when it has none. */
  async details(
    service: ReleaseService,
    deploymentId: string,
  ): Promise<Rollout> {
    const rollout = await this.rolloutOf(service, deploymentId);
    const plan = planOf(rollout);
    const breachToRollbackMs =
      rollout.breachedAt && rollout.rollbackStartedAt
        ? Date.parse(rollout.rollbackStartedAt) - Date.parse(rollout.breachedAt)
        : undefined;
    const { plan: _plan, ...fields } = rollout;
    return {
      ...withoutUndefined(fields),
      steps: plan.steps,
      checks: plan.analysis.checks.map(check => ({
        kind: check.kind,
        threshold: thresholdOf(check),
      })),
      measurements: await this.options.ledger.rollouts.measurements(
        deploymentId,
      ),
      ...(breachToRollbackMs !== undefined && { breachToRollbackMs }),
    };
  }

  /**
   * Goes on with a paused roll-out: past a manual pause, or the analysis
   * step again from its start (its inconclusive measurements no longer
   * count). 409 unless paused.
   */
  async resume(
    service: ReleaseService,
    deploymentId: string,
  ): Promise<Rollout> {
    const { ledger, events, now } = this.options;
    const rollout = await this.rolloutOf(service, deploymentId);
    if (rollout.phase !== 'paused') {
      throw new ConflictError(
        `The roll-out of ${deploymentId} is ${rollout.phase}, not paused`,
      );
    }
    const moving = await this.stepper.load(rollout);
    if (!moving)
      throw new ConflictError(`The roll-out of ${deploymentId} cannot move`);
    const at = now();
    const step = moving.plan.steps[rollout.stepIndex];
    const moved = await ledger.rollouts.move(
      deploymentId,
      rollout,
      {
        phase: 'stepping',
        pausedReason: undefined,
        stepIndex:
          step?.kind === 'pause' ? rollout.stepIndex + 1 : rollout.stepIndex,
        stepStartedAt: at.toISOString(),
      },
      at,
    );
    if (!moved) {
      throw new ConflictError(
        `The roll-out of ${deploymentId} moved meanwhile; try again`,
      );
    }
    await ledger.deployments.extendDeadline(
      deploymentId,
      this.stepper.deadlineFrom(moving.stage, moving.plan, at),
    );
    await events.deploymentChanged(moving.deployment);
    return this.details(service, deploymentId);
  }

  /** Aborts a roll-out and rolls the stage back to its baseline, holding it. 409 unless it steps or pauses. */
  async abort(
    service: ReleaseService,
    deploymentId: string,
    request: { reason: string; requestedBy: string },
  ): Promise<Rollout> {
    const rollout = await this.rolloutOf(service, deploymentId);
    if (rollout.phase !== 'stepping' && rollout.phase !== 'paused') {
      throw new ConflictError(
        `The roll-out of ${deploymentId} is ${rollout.phase}: nothing to abort`,
      );
    }
    const moving = await this.stepper.load(rollout);
    if (!moving)
      throw new ConflictError(`The roll-out of ${deploymentId} cannot move`);
    const aborted = await this.stepper.abortAndRollBack(moving, {
      reason: `Aborted by ${request.requestedBy}: ${request.reason}`,
      requestedBy: request.requestedBy,
    });
    if (!aborted) {
      throw new ConflictError(
        `The roll-out of ${deploymentId} moved meanwhile; try again`,
      );
    }
    return this.details(service, deploymentId);
  }

  /**
   * Records health numbers pushed for a deployment in progress, for the
   * `push` provider. `mayReport` refuses (403) a reporter that may not
   * report for the service. 404 unknown deployment, 409 one not in
   * progress, 400 an unknown check or a value that is not a number.
   */
  async reportHealth(
    deploymentId: string,
    samples: HealthSample[],
    reportedBy: string,
    mayReport: (service: ReleaseService, deployer?: string) => void,
  ): Promise<{ accepted: number }> {
    const { ledger, resolveService, now } = this.options;
    const deployment = await ledger.deployments.get(deploymentId);
    const service = deployment && (await resolveService(deployment.service));
    if (!deployment || !service)
      throw new NotFoundError(`No deployment ${deploymentId}`);
    mayReport(service, deployment.deployer);
    if (deployment.state !== 'in-progress') {
      throw new ConflictError(
        `Deployment ${deploymentId} is ${deployment.state}, not in progress`,
      );
    }
    samples.forEach(validateSample);
    const at = now().toISOString();
    await ledger.rollouts.addHealthReports(
      deploymentId,
      samples.map(sample => ({ ...sample, reportedAt: at })),
      reportedBy,
    );
    return { accepted: samples.length };
  }

  private async rolloutOf(
    service: ReleaseService,
    deploymentId: string,
  ): Promise<StoredRollout> {
    const deployment = await this.options.ledger.deployments.get(deploymentId);
    const rollout =
      deployment?.service === service.ref
        ? await this.options.ledger.rollouts.get(deploymentId)
        : undefined;
    if (!rollout)
      throw new NotFoundError(`Deployment ${deploymentId} has no roll-out`);
    return rollout;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
