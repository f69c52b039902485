import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Deployment,
  ResolveAction,
} from '@release-trains/plugin-release-trains-common';
import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { StoredDeployment } from '../ledger/DeploymentStore';
import { Ledger } from '../ledger/Ledger';
import { unreportedReason } from '../ledger/stateMachine';
import { PromotionEvents } from './PromotionEvents';
import { deadline, stageOf } from './stages';

type FinalStatus = Exclude<
  DeployerStatus,
  { state: 'in-progress' | 'unknown' }
>;

/** How a person settles a deployment whose outcome is unknown. */
export type Resolution = {
  action: ResolveAction;
  reason: string;
  resolvedBy: string;
};

/**
 * Has the stage's deployer carry deployments out: starts them, polls or
 * takes reports of their status, and records how they end — a rollback
 * that succeeded retires what it replaced. Nothing is kept in memory, so
 * any replica carries on where another stopped.
 */
export class DeploymentRunner {
  constructor(
    private readonly options: {
      ledger: Ledger;
      deployers: ReadonlyMap<string, ReleaseTrainsDeployer>;
      auditor: AuditorService;
      logger: LoggerService;
      events: PromotionEvents;
      now: () => Date;
    },
  ) {}

  /** The deployer a stage names; 409 when none is configured or installed. */
  deployerOf(
    service: ReleaseService,
    stage: StageConfig,
  ): ReleaseTrainsDeployer {
    const { deployers } = this.options;
    if (!stage.deployer) {
      throw new ConflictError(
        `Stage ${stage.name} of pipeline ${service.pipeline.name} has no deployer configured (releaseTrains.pipelines.${service.pipeline.name}.stages[].deployer)`,
      );
    }
    const deployer = deployers.get(stage.deployer);
    if (!deployer) {
      throw new ConflictError(
        `Stage ${stage.name} uses deployer '${
          stage.deployer
        }', which is not installed (known: ${
          [...deployers.keys()].join(', ') || 'none'
        })`,
      );
    }
    return deployer;
  }

  /** Asks the deployer to start a deployment now in progress. */
  async start(deployment: Deployment): Promise<void> {
    const deployer = this.options.deployers.get(deployment.deployer!);
    if (!deployer) {
      await this.finish(deployment, {
        state: 'failed',
        message: `Deployer '${deployment.deployer}' is not installed`,
      });
      return;
    }
    let status: DeployerStatus;
    try {
      status = await this.call(deployer, deployment, 'start');
    } catch {
      // The start may have reached the other side (a timeout): failing now
      // would free the stage for a second start. It stays in progress, with
      // the error recorded, and the reconciler asks for its status.
      return;
    }
    await this.settle(deployment, status);
  }

  /**
   * Brings deployments in progress to an end: asks each deployer for the
   * status, and fails those past their deadline. Run by the scheduler, so
   * one replica does it at a time and it carries on after a restart.
   */
  async reconcile(signal?: AbortSignal): Promise<void> {
    const { ledger, deployers, logger, now } = this.options;
    for (const deployment of await ledger.deployments.listExpired(now())) {
      await this.expire(deployment).catch(error =>
        logger.warn(`Could not expire deployment ${deployment.id}: ${error}`),
      );
    }
    for (const deployment of await ledger.deployments.listInProgress()) {
      if (signal?.aborted) return;
      try {
        if (deployment.deadlineAt && now() >= new Date(deployment.deadlineAt)) {
          await this.finish(deployment, {
            state: 'failed',
            message: `Timed out: still in progress at its deadline ${
              deployment.deadlineAt
            }${
              deployment.deployerError
                ? `; the deployer's last error: ${deployment.deployerError}`
                : ''
            }`,
          });
          continue;
        }
        const deployer = deployers.get(deployment.deployer!);
        if (!deployer) continue;
        await this.settle(
          deployment,
          await this.call(deployer, deployment, 'status'),
        );
      } catch (error) {
        logger.warn(
          `Could not reconcile deployment ${deployment.id}: ${error}`,
        );
      }
    }
  }

  /**
   * Ends a deployment no deployer carries out, past its deadline: a request
   * awaiting approval is cancelled, one CI started and never reported on
   * fails. Decided under the stage's lock, so one that moved on meanwhile
   * (approved, reported) is left alone.
   */
  private async expire(deployment: StoredDeployment): Promise<void> {
    const { ledger, events } = this.options;
    const deadlineAt = deployment.deadlineAt!;
    const expired = await ledger.transaction(async tx => {
      await tx.stages.lock([
        { service: deployment.service, stage: deployment.stage },
      ]);
      const current = await tx.deployments.get(deployment.id);
      if (current?.state !== deployment.state) return undefined;
      return deployment.state === 'in-progress'
        ? tx.deployments.transition(deployment.id, 'failed', {
            cause: 'no report from CI',
            reason: unreportedReason(deadlineAt),
            endedBy: 'ci-deadline',
          })
        : tx.deployments.transition(deployment.id, 'cancelled', {
            cause: 'approval expired',
            reason: `Not approved by its deadline ${deadlineAt}`,
          });
    });
    if (expired) await events.deploymentChanged(expired);
  }

  /**
   * A status a deployer's system reported (a callback): recorded as if the
   * deployer had been polled. Only the deployer carrying the deployment out
   * may report, and only while it is in progress.
   */
  async report(
    deployerId: string,
    deploymentId: string,
    status: DeployerStatus,
  ): Promise<void> {
    const deployment = await this.options.ledger.deployments.get(deploymentId);
    if (!deployment) {
      throw new NotFoundError(`No deployment ${deploymentId}`);
    }
    if (deployment.deployer !== deployerId) {
      throw new ConflictError(
        `Deployment ${deploymentId} is not carried out by the ${deployerId} deployer`,
      );
    }
    if (deployment.state !== 'in-progress') {
      throw new ConflictError(
        `Deployment ${deploymentId} is ${deployment.state}, not in progress`,
      );
    }
    await this.settle(deployment, status);
  }

  /**
   * Settles a deployment whose deployer could not tell how it went: asks
   * the deployer again (back in progress, until a new deadline), or
   * records what a person found out. 409 unless it is unknown.
   */
  async resolve(
    service: ReleaseService,
    deploymentId: string,
    { action, reason, resolvedBy }: Resolution,
  ): Promise<void> {
    const { ledger, events, now } = this.options;
    const deployment = await ledger.deployments.get(deploymentId);
    if (!deployment || deployment.service !== service.ref) {
      throw new NotFoundError(`No deployment ${deploymentId}`);
    }
    if (deployment.state !== 'unknown') {
      throw new ConflictError(
        `Deployment ${deploymentId} is ${deployment.state}, not unknown`,
      );
    }
    // The transitions' cause column holds 255 characters; the audit event
    // keeps the whole reason.
    const cause = `${action} by ${resolvedBy}: ${reason}`.slice(0, 255);
    if (action === 'retry-status') {
      const retried = await ledger.deployments.transition(
        deploymentId,
        'in-progress',
        {
          cause,
          deadlineAt: deadline(stageOf(service, deployment.stage), now()),
        },
      );
      await events.deploymentChanged(retried);
      return;
    }
    await this.finish(
      deployment,
      action === 'mark-failed'
        ? { state: 'failed', message: reason }
        : { state: 'succeeded' },
      cause,
    );
  }

  /**
   * Records a deployer's status: a final one ends the deployment; `unknown`
   * holds the stage until a person resolves it.
   */
  private async settle(deployment: Deployment, status: DeployerStatus) {
    const { ledger, events } = this.options;
    if (status.state === 'in-progress') {
      return;
    }
    if (status.state !== 'unknown') {
      await this.finish(deployment, status);
      return;
    }
    const unknown = await ledger.deployments.transition(
      deployment.id,
      'unknown',
      {
        cause: `deployer ${deployment.deployer}`,
        deployerError: status.message,
      },
    );
    await events.deploymentChanged(unknown);
    await events.ownersConcerned(unknown);
  }

  private async call(
    deployer: ReleaseTrainsDeployer,
    deployment: Deployment,
    call: 'start' | 'status',
  ): Promise<DeployerStatus> {
    const event = await this.options.auditor.createEvent({
      eventId: 'deployer-call',
      severityLevel: call === 'start' ? 'medium' : 'low',
      meta: {
        deployer: deployer.id,
        call,
        deploymentId: deployment.id,
        service: deployment.service,
        stage: deployment.stage,
        version: deployment.version,
      },
    });
    try {
      const status = await deployer[call]({
        deploymentId: deployment.id,
        service: deployment.service,
        stage: deployment.stage,
        version: deployment.version,
        kind: deployment.kind === 'rollback' ? 'rollback' : 'promote',
        startedAt: deployment.startedAt ?? deployment.createdAt,
      });
      await event.success({ meta: { status: status.state } });
      return status;
    } catch (error) {
      await event.fail({ error: error as Error });
      await this.options.ledger.deployments.recordDeployerError(
        deployment.id,
        `${call} failed: ${(error as Error).message}`,
      );
      throw error;
    }
  }

  /** Records how a deployment ended; a rollback that succeeded retires what it replaced. */
  private async finish(
    deployment: Deployment,
    status: FinalStatus,
    cause = `deployer ${deployment.deployer}`,
  ) {
    const { ledger, events } = this.options;
    // Timed by the engine's clock, as its start was.
    const at = this.options.now();
    // A rollback's success and the retirement of what it replaced are
    // recorded together or not at all.
    const finished = await ledger.transaction(async tx => {
      await tx.stages.lock([
        { service: deployment.service, stage: deployment.stage },
      ]);
      const replaced = (await tx.stages.ofService(deployment.service)).get(
        deployment.stage,
      )?.current;
      const ended = await tx.deployments.transition(
        deployment.id,
        status.state,
        {
          cause,
          at,
          ...(status.state === 'failed' && { reason: status.message }),
        },
      );
      if (
        ended.kind === 'rollback' &&
        ended.state === 'succeeded' &&
        replaced &&
        replaced.state === 'succeeded' &&
        replaced.id !== ended.id &&
        // An aborted roll-out rolls back to what the stage still runs.
        replaced.version !== ended.version
      ) {
        await tx.deployments.transition(replaced.id, 'rolled-back', {
          cause: `rolled back by deployment ${ended.id}`,
          at,
          reason: `Rolled back to ${ended.version}: ${
            ended.reason ?? ''
          }`.trim(),
        });
      }
      return ended;
    });
    await events.deploymentChanged(finished);
    if (finished.state === 'failed' || finished.kind === 'rollback') {
      await events.ownersConcerned(finished);
    }
  }
}
