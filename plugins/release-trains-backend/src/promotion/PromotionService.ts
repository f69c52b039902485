import { ConflictError, NotAllowedError } from '@backstage/errors';
import { DeploymentDetails } from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { Ledger } from '../ledger/Ledger';
import { ApprovalService } from './ApprovalService';
import { DeploymentRunner, Resolution } from './DeploymentRunner';
import { GateCheck, GateCheckResult } from './GateCheck';
import { blockingGates, holdGate } from './gates';
import { PromotionEvents } from './PromotionEvents';
import { rollbackTarget } from './rollbackTarget';
import { approvalExpiry, deadline, stageOf } from './stages';

/** A promotion as asked for: by a person (explicit) or by a train. */
export type PromoteOptions = {
  version: string;
  stage?: string;
  reason?: string;
  requestedBy: string;
  /** Trains promote automatically; only explicit promotions pass a hold. */
  automatic?: boolean;
  /** The train run carrying the version, if any. */
  trainRunId?: string;
  /** A train configured without approvals after departure. */
  approvalsWaived?: boolean;
  /** Services the asker may not see: gates judge them but do not describe them. */
  hiddenServices?: ReadonlySet<string>;
  /**
   * The requester is a service token's subject, not a person: it may not
   * ask for a deployment that needs approvals (the person holding the token
   * could approve it themselves).
   */
  requestedByService?: boolean;
};

export type RollbackOptions = {
  stage: string;
  version?: string;
  reason: string;
  requestedBy: string;
  /** The requester is a service token's subject, not a person. */
  requestedByService?: boolean;
};

/**
 * Promotes versions into stages and rolls stages back: checks the gates,
 * claims the stage, and hands the deployment to the approvals or the
 * deployer, recording every step in the ledger.
 */
export class PromotionService {
  constructor(
    private readonly options: {
      ledger: Ledger;
      gateCheck: GateCheck;
      approvals: ApprovalService;
      runner: DeploymentRunner;
      events: PromotionEvents;
      now: () => Date;
    },
  ) {}

  /** What each gate says about promoting `version` now. */
  async check(
    service: ReleaseService,
    request: Pick<
      PromoteOptions,
      'version' | 'stage' | 'automatic' | 'hiddenServices'
    >,
  ): Promise<GateCheckResult> {
    const { gateCheck } = this.options;
    return gateCheck.check(
      service,
      await gateCheck.resolveTarget(service, request),
      request,
    );
  }

  /**
   * Asks for `version` to enter a stage. Answers the deployment, awaiting
   * approval or in progress; refuses with a ConflictError naming every
   * gate that blocks.
   */
  async promote(
    service: ReleaseService,
    request: PromoteOptions,
  ): Promise<DeploymentDetails> {
    const { ledger, gateCheck, runner, events } = this.options;
    const target = await gateCheck.resolveTarget(service, request);
    const needsApproval =
      target.stage.gates.approvals > 0 && !request.approvalsWaived;
    if (needsApproval && request.requestedByService) {
      throw new NotAllowedError(
        `${target.stage.title} needs approvals, so a person must ask for it: ${request.requestedBy} is a service token's subject`,
      );
    }
    const check = await gateCheck.check(service, target, request);
    if (!check.allowed) {
      throw new ConflictError(
        `Cannot promote ${check.version} into ${check.stage}: ${blockingGates(
          check.gates,
        )
          .map(g => g.reason)
          .join('; ')}`,
      );
    }
    const deployer = runner.deployerOf(service, target.stage);
    const now = this.options.now();
    const deployment = await ledger.deployments.claim(
      {
        service: service.ref,
        stage: target.stage.name,
        version: target.version.version,
        kind: 'promote',
        state: needsApproval ? 'awaiting-approval' : 'in-progress',
        ...(request.reason && { reason: request.reason }),
        createdBy: request.requestedBy,
        createdAt: now,
        deployer: deployer.id,
        ...(request.trainRunId && { trainRunId: request.trainRunId }),
        // Awaiting approval, the deadline is when the request expires.
        ...(needsApproval
          ? { deadlineAt: approvalExpiry(target.stage, now) }
          : { startedAt: now, deadlineAt: deadline(target.stage, now) }),
      },
      async (state, stages) => {
        // Checked before the claim; if the stage changed since, ask again.
        if (state.current?.version !== check.running) {
          throw new ConflictError(
            `${target.stage.name} changed while the promotion was checked; try again`,
          );
        }
        if (state.hold && request.automatic) {
          throw new ConflictError(
            holdGate({ hold: state.hold, automatic: true }).reason,
          );
        }
        if (state.hold) {
          await stages.setHold(service.ref, target.stage.name, undefined);
        }
      },
      { cause: `promotion requested by ${request.requestedBy}` },
    );
    await events.deploymentChanged(deployment);
    if (needsApproval) {
      await events.approvalNeeded(service, deployment, target.stage);
    } else {
      await runner.start(deployment);
    }
    return this.options.approvals.details(service, deployment.id);
  }

  /**
   * Rolls a stage back to an earlier version that ran there after passing
   * its gate (by default the newest before the current), and holds the
   * stage. Rollbacks skip the other gates: they are how a bad release is
   * undone, and they only ever go back.
   */
  async rollback(
    service: ReleaseService,
    request: RollbackOptions,
  ): Promise<DeploymentDetails> {
    const { ledger, runner, events } = this.options;
    const stage = stageOf(service, request.stage);
    if (stage.gates.approvals > 0 && request.requestedByService) {
      throw new NotAllowedError(
        `${stage.title} needs approvals, so a person must roll it back: ${request.requestedBy} is a service token's subject`,
      );
    }
    const deployer = runner.deployerOf(service, stage);
    const current = (await ledger.stages.ofService(service.ref)).get(
      stage.name,
    )?.current;
    if (!current) {
      throw new ConflictError(
        `${stage.name} of ${service.ref} runs nothing to roll back from`,
      );
    }
    const version = await rollbackTarget(
      ledger,
      service,
      stage,
      current.version,
      request.version,
    );
    const now = this.options.now();
    const deployment = await ledger.deployments.claim(
      {
        service: service.ref,
        stage: stage.name,
        version,
        kind: 'rollback',
        state: 'in-progress',
        reason: request.reason,
        createdBy: request.requestedBy,
        createdAt: now,
        startedAt: now,
        deadlineAt: deadline(stage, now),
        deployer: deployer.id,
      },
      async (state, stages) => {
        if (state.current?.version !== current.version) {
          throw new ConflictError(
            `${stage.name} changed while the rollback was prepared; try again`,
          );
        }
        await stages.setHold(service.ref, stage.name, {
          by: request.requestedBy,
          reason: request.reason,
          at: now,
        });
      },
      { cause: `rollback requested by ${request.requestedBy}` },
    );
    await events.deploymentChanged(deployment);
    await runner.start(deployment);
    return this.options.approvals.details(service, deployment.id);
  }

  /** Settles a deployment whose outcome is unknown, as a person decided. */
  async resolve(
    service: ReleaseService,
    deploymentId: string,
    resolution: Resolution,
  ): Promise<DeploymentDetails> {
    await this.options.runner.resolve(service, deploymentId, resolution);
    return this.options.approvals.details(service, deploymentId);
  }
}
