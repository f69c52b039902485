import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ApprovalDecision,
  Deployment,
  DeploymentDetails,
  GateVerdict,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { sameRef } from '../catalog/serviceRef';
import { Ledger } from '../ledger/Ledger';
import { ApproverCheck, Decider } from './approvers';
import { DeploymentRunner } from './DeploymentRunner';
import { GateCheck } from './GateCheck';
import { blockingGates } from './gates';
import { PromotionEvents } from './PromotionEvents';
import { deadline, stageOf } from './stages';

/** An approver's decision on a deployment awaiting approval. */
export type DecisionRequest = {
  deploymentId: string;
  approver: Decider;
  decision: ApprovalDecision;
  comment?: string;
  hiddenServices?: ReadonlySet<string>;
};

/** Who asks to cancel a request awaiting approval. */
export type Canceller = {
  ref: string;
  /** Whether the permission policy allows them to promote the service. */
  mayPromote: () => Promise<boolean>;
};

/**
 * Collects approvals for deployments into stages that need them, and shows
 * a deployment with its approvals and whether a viewer may decide.
 */
export class ApprovalService {
  constructor(
    private readonly options: {
      ledger: Ledger;
      approvers: ApproverCheck;
      gateCheck: GateCheck;
      runner: DeploymentRunner;
      events: PromotionEvents;
      now: () => Date;
    },
  ) {}

  /**
   * Records an approver's decision. A rejection cancels the deployment; the
   * approval that completes the count starts it — if the gates still hold
   * then (409 naming those that do not, and nothing recorded). Only someone
   * the approver check allows may decide (403 with the reason), and a
   * repeated decision changes nothing. Recording and counting happen under
   * the stage's lock, so two decisions at once are counted one after the
   * other, and one that comes after the deployment moved on is refused.
   */
  async decide(
    service: ReleaseService,
    request: DecisionRequest,
  ): Promise<DeploymentDetails> {
    const { ledger, approvers } = this.options;
    const { approver } = request;
    const deployment = await this.deploymentOf(service, request.deploymentId);
    const stage = stageOf(service, deployment.stage);
    const approvals = await ledger.approvals.list(
      deployment.id,
      deployment.version,
    );
    if (approvals.some(a => sameRef(a.approver, approver.ref))) {
      return this.details(service, deployment.id);
    }
    assertAwaitingApproval(deployment);
    const eligibility = await approvers.eligibility(
      { createdBy: deployment.createdBy, approvals },
      stage,
      approver,
    );
    if (!eligibility.allowed) {
      throw new NotAllowedError(eligibility.reason);
    }
    // Judged before the lock (the gates read much of the ledger); whichever
    // approval completes the count under the lock starts it only if they hold.
    const blocking =
      request.decision === 'approve'
        ? await this.gatesBlockingStart(service, deployment, request)
        : [];
    const { recorded, next } = await ledger.transaction(async tx => {
      await tx.stages.lock([
        { service: deployment.service, stage: deployment.stage },
      ]);
      assertAwaitingApproval((await tx.deployments.get(deployment.id))!);
      const added = await tx.approvals.add({
        deploymentId: deployment.id,
        version: deployment.version,
        approver: approver.ref,
        decision: request.decision,
        ...(request.comment && { comment: request.comment }),
      });
      const decided = await tx.approvals.list(
        deployment.id,
        deployment.version,
      );
      const rejection = decided.find(a => a.decision === 'reject');
      if (rejection) {
        return {
          recorded: added,
          next: await tx.deployments.transition(deployment.id, 'cancelled', {
            cause: `rejected by ${rejection.approver}`,
            reason: `Rejected by ${rejection.approver}${
              rejection.comment ? `: ${rejection.comment}` : ''
            }`,
          }),
        };
      }
      if (approvingOthers(decided, deployment).size < stage.gates.approvals) {
        return { recorded: added, next: undefined };
      }
      if (blocking.length > 0) {
        throw new ConflictError(
          `Cannot start ${deployment.version} into ${
            deployment.stage
          } now: ${blocking.map(gate => gate.reason).join('; ')}`,
        );
      }
      return {
        recorded: added,
        next: await tx.deployments.transition(deployment.id, 'in-progress', {
          cause: `approved by ${stage.gates.approvals} approvers`,
          deadlineAt: deadline(stage, this.options.now()),
        }),
      };
    });
    // Each vote shows on open pages, not only the one that decides.
    if (recorded || next) {
      await this.options.events.deploymentChanged(next ?? deployment);
    }
    if (next?.state === 'in-progress') await this.options.runner.start(next);
    return this.details(service, deployment.id);
  }

  /**
   * Withdraws a request awaiting approval: its requester may, and so may
   * whoever may promote the service (its owners, under the owner-aware
   * policy); 403 otherwise. One already cancelled is answered as it is, so
   * a retry changes nothing; 409 for one that has moved on.
   */
  async cancel(
    service: ReleaseService,
    request: { deploymentId: string; canceller: Canceller },
  ): Promise<DeploymentDetails> {
    const { ledger, events } = this.options;
    const { canceller } = request;
    const deployment = await this.deploymentOf(service, request.deploymentId);
    if (
      !sameRef(deployment.createdBy, canceller.ref) &&
      !(await canceller.mayPromote())
    ) {
      throw new NotAllowedError(
        `Only the requester or someone allowed to promote ${service.ref} may cancel deployment ${deployment.id}`,
      );
    }
    // Decided under the stage's lock, as approvals are.
    const cancelled = await ledger.transaction(async tx => {
      await tx.stages.lock([
        { service: deployment.service, stage: deployment.stage },
      ]);
      const current = (await tx.deployments.get(deployment.id))!;
      if (current.state === 'cancelled') return undefined;
      assertAwaitingApproval(current);
      return tx.deployments.transition(deployment.id, 'cancelled', {
        cause: `cancelled by ${canceller.ref}`,
        reason: `Cancelled by ${canceller.ref}`,
      });
    });
    if (cancelled) await events.deploymentChanged(cancelled);
    return this.details(service, deployment.id);
  }

  /**
   * A deployment of the service with its approvals, and — for a deployment
   * awaiting approval and a `viewer` — whether the viewer may decide.
   */
  async details(
    service: ReleaseService,
    deploymentId: string,
    viewer?: Decider,
  ): Promise<DeploymentDetails> {
    const deployment = await this.deploymentOf(service, deploymentId);
    const stage = service.pipeline.stages.find(
      s => s.name === deployment.stage,
    );
    const approvals = await this.options.ledger.approvals.list(
      deployment.id,
      deployment.version,
    );
    const eligibility =
      stage && viewer && deployment.state === 'awaiting-approval'
        ? await this.options.approvers.eligibility(
            { createdBy: deployment.createdBy, approvals },
            stage,
            viewer,
          )
        : undefined;
    return {
      ...deployment,
      approvals,
      approvalsRequired: stage?.gates.approvals ?? 0,
      ...(stage?.gates.approverGroup && {
        approverGroup: stage.gates.approverGroup,
      }),
      ...(eligibility && { eligibility }),
    };
  }

  /**
   * The gates checked when a promotion was asked for must still hold when
   * its last approval starts it: a freeze may have begun, a requirement
   * changed, the stage moved on. Those that no longer hold.
   */
  private async gatesBlockingStart(
    service: ReleaseService,
    deployment: Deployment,
    request: { hiddenServices?: ReadonlySet<string> },
  ): Promise<GateVerdict[]> {
    const { gateCheck } = this.options;
    const target = await gateCheck.resolveTarget(service, deployment);
    const check = await gateCheck.check(service, target, {
      automatic: Boolean(deployment.trainRunId),
      hiddenServices: request.hiddenServices,
    });
    // The deployment being approved is the one in flight.
    return blockingGates(check.gates).filter(gate => gate.gate !== 'in-flight');
  }

  private async deploymentOf(
    service: ReleaseService,
    deploymentId: string,
  ): Promise<Deployment> {
    const deployment = await this.options.ledger.deployments.get(deploymentId);
    if (!deployment || deployment.service !== service.ref) {
      throw new NotFoundError(
        `No deployment ${deploymentId} of ${service.ref}`,
      );
    }
    return deployment;
  }
}

/** The distinct people other than the requester who approved. */
function approvingOthers(
  approvals: { approver: string; decision: ApprovalDecision }[],
  deployment: Deployment,
): Set<string> {
  return new Set(
    approvals
      .filter(a => a.decision === 'approve')
      .map(a => a.approver.toLocaleLowerCase('en-US'))
      .filter(approver => !sameRef(approver, deployment.createdBy)),
  );
}

function assertAwaitingApproval(deployment: Deployment) {
  if (deployment.state !== 'awaiting-approval') {
    throw new ConflictError(
      `Deployment ${deployment.id} is ${deployment.state}, not awaiting approval`,
    );
  }
}
