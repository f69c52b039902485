import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Deployment } from '@internal/backstage-plugin-release-trains-common';
import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@internal/backstage-plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { PromotionEvents } from './PromotionEvents';

type FinalStatus = Exclude<DeployerStatus, { state: 'in-progress' }>;

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
    } catch (error) {
      status = {
        state: 'failed',
        message: `Deployer '${deployer.id}' could not start it: ${
          (error as Error).message
        }`,
      };
    }
    if (status.state !== 'in-progress') {
      await this.finish(deployment, status);
    }
  }

  /**
   * Brings deployments in progress to an end: asks each deployer for the
   * status, and fails those past their deadline. Run by the scheduler, so
   * one replica does it at a time and it carries on after a restart.
   */
  async reconcile(): Promise<void> {
    const { ledger, deployers, logger, now } = this.options;
    for (const deployment of await ledger.deployments.listInProgress()) {
      try {
        if (deployment.deadlineAt && now() >= new Date(deployment.deadlineAt)) {
          await this.finish(deployment, {
            state: 'failed',
            message: `Timed out: still in progress at its deadline ${deployment.deadlineAt}`,
          });
          continue;
        }
        const deployer = deployers.get(deployment.deployer!);
        if (!deployer) continue;
        const status = await this.call(deployer, deployment, 'status');
        if (status.state !== 'in-progress') {
          await this.finish(deployment, status);
        }
      } catch (error) {
        logger.warn(
          `Could not reconcile deployment ${deployment.id}: ${error}`,
        );
      }
    }
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
    if (status.state !== 'in-progress') {
      await this.finish(deployment, status);
    }
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
      throw error;
    }
  }

  /** Records how a deployment ended; a rollback that succeeded retires what it replaced. */
  private async finish(deployment: Deployment, status: FinalStatus) {
    const { ledger, events } = this.options;
    const replaced = (await ledger.stages.ofService(deployment.service)).get(
      deployment.stage,
    )?.current;
    const finished = await ledger.deployments.transition(
      deployment.id,
      status.state,
      {
        cause: `deployer ${deployment.deployer}`,
        ...(status.state === 'failed' && { reason: status.message }),
      },
    );
    if (
      finished.kind === 'rollback' &&
      finished.state === 'succeeded' &&
      replaced &&
      replaced.state === 'succeeded' &&
      replaced.id !== finished.id
    ) {
      await ledger.deployments.transition(replaced.id, 'rolled-back', {
        cause: `rolled back by deployment ${finished.id}`,
        reason: `Rolled back to ${finished.version}: ${
          finished.reason ?? ''
        }`.trim(),
      });
    }
    await events.deploymentChanged(finished);
    if (finished.state === 'failed' || finished.kind === 'rollback') {
      await events.ownersConcerned(finished);
    }
  }
}
