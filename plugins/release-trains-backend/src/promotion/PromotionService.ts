import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ApprovalDecision,
  Deployment,
  DeploymentDetails,
  GateVerdict,
  PromotionCheck,
} from '@internal/backstage-plugin-release-trains-common';
import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@internal/backstage-plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { sameRef } from '../catalog/serviceRef';
import { StageConfig } from '../config/pipelines';
import { ApprovalStore } from '../ledger/ApprovalStore';
import {
  DeploymentStore,
  StageState,
  StoredDeployment,
} from '../ledger/DeploymentStore';
import { VersionRow, VersionStore } from '../ledger/VersionStore';
import { ApproverCheck, Decider } from './approvers';
import { evaluateStageGates } from './gates';
import { PromotionEvents } from './PromotionEvents';

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

type Target = {
  stage: StageConfig;
  index: number;
  version: VersionRow;
  /** Stages where the version succeeded at least once. */
  reached: Set<string>;
};

/** States of a deployment that ran in its stage: it succeeded there. */
const RAN_STATES = ['succeeded', 'rolled-back'] as const;

/**
 * Promotes versions into stages and rolls stages back: checks the gates,
 * claims the stage, collects approvals, and has the stage's deployer carry
 * the deployment out, recording every step in the ledger.
 */
export class PromotionService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      deployments: DeploymentStore;
      versions: VersionStore;
      approvals: ApprovalStore;
      approvers: ApproverCheck;
      deployers: ReadonlyMap<string, ReleaseTrainsDeployer>;
      auditor: AuditorService;
      logger: LoggerService;
      events: PromotionEvents;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** What each gate says about promoting `version` now. */
  async check(
    service: ReleaseService,
    request: Pick<
      PromoteOptions,
      'version' | 'stage' | 'automatic' | 'hiddenServices'
    >,
  ): Promise<PromotionCheck & { running?: string }> {
    return this.checkTarget(
      service,
      await this.resolveTarget(service, request),
      request,
    );
  }

  private async checkTarget(
    service: ReleaseService,
    target: Target,
    request: Pick<PromoteOptions, 'automatic' | 'hiddenServices'>,
  ): Promise<PromotionCheck & { running?: string }> {
    const automatic = Boolean(request.automatic);
    const states = await this.options.deployments.stageStates(service.ref);
    const state: StageState = states.get(target.stage.name) ?? {
      stage: target.stage.name,
      compliance: { deployments: 0, gated: 0 },
    };
    const gates = [
      await this.orderGate(service, target, state),
      holdGate(state, automatic),
      inFlightGate(state),
      ...evaluateStageGates({
        ...(await this.collectFacts(service, target, states)),
        hiddenServices: request.hiddenServices,
      }),
      approvalsGate(target.stage),
    ];
    return {
      service: service.ref,
      version: target.version.version,
      stage: target.stage.name,
      allowed: gates.every(g => g.passed || g.gate === 'approvals'),
      gates,
      ...(state.current && { running: state.current.version }),
    };
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
    const target = await this.resolveTarget(service, request);
    const needsApproval =
      target.stage.gates.approvals > 0 && !request.approvalsWaived;
    if (needsApproval && request.requestedByService) {
      throw new NotAllowedError(
        `${target.stage.title} needs approvals, so a person must ask for it: ${request.requestedBy} is a service token's subject`,
      );
    }
    const check = await this.checkTarget(service, target, request);
    if (!check.allowed) {
      throw new ConflictError(
        `Cannot promote ${check.version} into ${check.stage}: ${check.gates
          .filter(g => !g.passed && g.gate !== 'approvals')
          .map(g => g.reason)
          .join('; ')}`,
      );
    }
    const deployer = this.deployerOf(service, target.stage);
    const now = this.now();
    const deployment = await this.options.deployments.claim(
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
        ...(!needsApproval && {
          startedAt: now,
          deadlineAt: deadline(target.stage, now),
        }),
      },
      async (state, store) => {
        // Checked before the claim; if the stage changed since, ask again.
        if (state.current?.version !== check.running) {
          throw new ConflictError(
            `${target.stage.name} changed while the promotion was checked; try again`,
          );
        }
        if (state.hold && request.automatic) {
          throw new ConflictError(holdGate(state, true).reason);
        }
        if (state.hold) {
          await store.setHold(service.ref, target.stage.name, undefined);
        }
      },
      { cause: `promotion requested by ${request.requestedBy}` },
    );
    await this.options.events.deploymentChanged(deployment);
    if (needsApproval) {
      await this.options.events.approvalNeeded(
        service,
        deployment,
        target.stage,
      );
    } else {
      await this.startDeployer(deployment);
    }
    return this.details(service, deployment.id);
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
    const stage = stageOf(service, request.stage);
    if (stage.gates.approvals > 0 && request.requestedByService) {
      throw new NotAllowedError(
        `${stage.title} needs approvals, so a person must roll it back: ${request.requestedBy} is a service token's subject`,
      );
    }
    const deployer = this.deployerOf(service, stage);
    const states = await this.options.deployments.stageStates(service.ref);
    const current = states.get(stage.name)?.current;
    if (!current) {
      throw new ConflictError(
        `${stage.name} of ${service.ref} runs nothing to roll back from`,
      );
    }
    const version = await this.rollbackTarget(
      service,
      stage,
      current.version,
      request.version,
    );
    const now = this.now();
    const deployment = await this.options.deployments.claim(
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
      async (state, store) => {
        if (state.current?.version !== current.version) {
          throw new ConflictError(
            `${stage.name} changed while the rollback was prepared; try again`,
          );
        }
        await store.setHold(service.ref, stage.name, {
          by: request.requestedBy,
          reason: request.reason,
          at: now,
        });
      },
      { cause: `rollback requested by ${request.requestedBy}` },
    );
    await this.options.events.deploymentChanged(deployment);
    await this.startDeployer(deployment);
    return this.details(service, deployment.id);
  }

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
    request: {
      deploymentId: string;
      approver: Decider;
      decision: ApprovalDecision;
      comment?: string;
      hiddenServices?: ReadonlySet<string>;
    },
  ): Promise<DeploymentDetails> {
    const { approver } = request;
    const deployment = await this.get(service, request.deploymentId);
    const stage = stageOf(service, deployment.stage);
    const approvals = await this.options.approvals.list(
      deployment.id,
      deployment.version,
    );
    if (approvals.some(a => sameRef(a.approver, approver.ref))) {
      return this.details(service, deployment.id);
    }
    assertAwaitingApproval(deployment);
    const eligibility = await this.options.approvers.eligibility(
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
    const next = await this.options.deployments.transaction(
      async (store, trx) => {
        await store.lockStages([
          { service: deployment.service, stage: deployment.stage },
        ]);
        const current = (await store.get(deployment.id))!;
        assertAwaitingApproval(current);
        const decisions = new ApprovalStore(trx);
        await decisions.add({
          deploymentId: deployment.id,
          version: deployment.version,
          approver: approver.ref,
          decision: request.decision,
          ...(request.comment && { comment: request.comment }),
        });
        const decided = await decisions.list(deployment.id, deployment.version);
        const rejection = decided.find(a => a.decision === 'reject');
        if (rejection) {
          return store.transition(deployment.id, 'cancelled', {
            cause: `rejected by ${rejection.approver}`,
            reason: `Rejected by ${rejection.approver}${
              rejection.comment ? `: ${rejection.comment}` : ''
            }`,
          });
        }
        if (
          approvingOthers(decided, deployment).size >= stage.gates.approvals
        ) {
          if (blocking.length > 0) {
            throw new ConflictError(
              `Cannot start ${deployment.version} into ${
                deployment.stage
              } now: ${blocking.map(gate => gate.reason).join('; ')}`,
            );
          }
          return store.transition(deployment.id, 'in-progress', {
            cause: `approved by ${stage.gates.approvals} approvers`,
            deadlineAt: deadline(stage, this.now()),
          });
        }
        return undefined;
      },
    );
    if (next) {
      await this.options.events.deploymentChanged(next);
      if (next.state === 'in-progress') await this.startDeployer(next);
    }
    return this.details(service, deployment.id);
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
    const target = await this.resolveTarget(service, {
      version: deployment.version,
      stage: deployment.stage,
    });
    const check = await this.checkTarget(service, target, {
      automatic: Boolean(deployment.trainRunId),
      hiddenServices: request.hiddenServices,
    });
    return check.gates.filter(
      gate =>
        !gate.passed &&
        gate.gate !== 'approvals' &&
        // The deployment being approved is the one in flight.
        gate.gate !== 'in-flight',
    );
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
    const deployment = await this.get(service, deploymentId);
    const stage = service.pipeline.stages.find(
      s => s.name === deployment.stage,
    );
    const approvals = await this.options.approvals.list(
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
   * Brings deployments in progress to an end: asks each deployer for the
   * status, and fails those past their deadline. Run by the scheduler, so
   * one replica does it at a time and it carries on after a restart.
   */
  async reconcile(): Promise<void> {
    for (const deployment of await this.options.deployments.listInProgress()) {
      try {
        if (
          deployment.deadlineAt &&
          this.now() >= new Date(deployment.deadlineAt)
        ) {
          await this.finish(deployment, {
            state: 'failed',
            message: `Timed out: still in progress at its deadline ${deployment.deadlineAt}`,
          });
          continue;
        }
        const deployer = this.options.deployers.get(deployment.deployer!);
        if (!deployer) continue;
        const status = await this.callDeployer(deployer, deployment, 'status');
        if (status.state !== 'in-progress') {
          await this.finish(deployment, status);
        }
      } catch (error) {
        this.options.logger.warn(
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
    const deployment = await this.options.deployments.get(deploymentId);
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

  private async startDeployer(deployment: Deployment) {
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
      status = await this.callDeployer(deployer, deployment, 'start');
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

  private async callDeployer(
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
  private async finish(
    deployment: Deployment | StoredDeployment,
    status: Exclude<DeployerStatus, { state: 'in-progress' }>,
  ) {
    const { deployments } = this.options;
    const replaced = (await deployments.stageStates(deployment.service)).get(
      deployment.stage,
    )?.current;
    const finished = await deployments.transition(deployment.id, status.state, {
      cause: `deployer ${deployment.deployer}`,
      ...(status.state === 'failed' && { reason: status.message }),
    });
    if (
      finished.kind === 'rollback' &&
      finished.state === 'succeeded' &&
      replaced &&
      replaced.state === 'succeeded' &&
      replaced.id !== finished.id
    ) {
      await deployments.transition(replaced.id, 'rolled-back', {
        cause: `rolled back by deployment ${finished.id}`,
        reason: `Rolled back to ${finished.version}: ${
          finished.reason ?? ''
        }`.trim(),
      });
    }
    await this.options.events.deploymentChanged(finished);
    if (finished.state === 'failed' || finished.kind === 'rollback') {
      await this.options.events.ownersConcerned(finished);
    }
  }

  private async get(
    service: ReleaseService,
    deploymentId: string,
  ): Promise<Deployment> {
    const deployment = await this.options.deployments.get(deploymentId);
    if (!deployment || deployment.service !== service.ref) {
      throw new NotFoundError(
        `No deployment ${deploymentId} of ${service.ref}`,
      );
    }
    return deployment;
  }

  private deployerOf(
    service: ReleaseService,
    stage: StageConfig,
  ): ReleaseTrainsDeployer {
    if (!stage.deployer) {
      throw new ConflictError(
        `Stage ${stage.name} of pipeline ${service.pipeline.name} has no deployer configured (releaseTrains.pipelines.${service.pipeline.name}.stages[].deployer)`,
      );
    }
    const deployer = this.options.deployers.get(stage.deployer);
    if (!deployer) {
      throw new ConflictError(
        `Stage ${stage.name} uses deployer '${
          stage.deployer
        }', which is not installed (known: ${
          [...this.options.deployers.keys()].join(', ') || 'none'
        })`,
      );
    }
    return deployer;
  }

  /** The stage to enter: the one asked for, or the one after the furthest the version reached. */
  private async resolveTarget(
    service: ReleaseService,
    request: Pick<PromoteOptions, 'version' | 'stage'>,
  ): Promise<Target> {
    const version = await this.options.versions.get(
      service.ref,
      request.version,
    );
    if (!version) {
      throw new NotFoundError(
        `${service.ref} has no version ${request.version}; CI reports versions when it builds them`,
      );
    }
    const stages = service.pipeline.stages;
    const reached = await this.reachedStages(service, version.version);
    if (request.stage) {
      const index = stages.findIndex(s => s.name === request.stage);
      if (index < 0) {
        throw new InputError(
          `stage: '${request.stage}' is not a stage of pipeline '${
            service.pipeline.name
          }' (${stages.map(s => s.name).join(', ')})`,
        );
      }
      return { stage: stages[index], index, version, reached };
    }
    const furthest = Math.max(
      -1,
      ...stages.map((s, i) => (reached.has(s.name) ? i : -1)),
    );
    if (furthest === stages.length - 1) {
      throw new ConflictError(
        `${version.version} has already reached ${stages[furthest].name}, the last stage`,
      );
    }
    return {
      stage: stages[furthest + 1],
      index: furthest + 1,
      version,
      reached,
    };
  }

  /** Stages where the version succeeded at least once. */
  private async reachedStages(service: ReleaseService, version: string) {
    const reached = new Set<string>();
    for (const stage of service.pipeline.stages) {
      // A run past the gate (ungated) does not count as having reached it.
      const [found] = await this.options.deployments.latestFinished(
        service.ref,
        stage.name,
        { version, states: [...RAN_STATES], gatedOnly: true },
      );
      if (found) reached.add(stage.name);
    }
    return reached;
  }

  /** The version must have passed the stage before, and be newer than what the target runs. */
  private async orderGate(
    service: ReleaseService,
    target: Target,
    state: StageState,
  ): Promise<GateVerdict> {
    const stages = service.pipeline.stages;
    if (target.index > 0) {
      const earlier = service.pipeline.allowSkippingStages
        ? stages.slice(0, target.index)
        : [stages[target.index - 1]];
      if (!earlier.some(s => target.reached.has(s.name))) {
        return {
          gate: 'order',
          passed: false,
          reason: `${target.version.version} has not succeeded in ${earlier
            .map(s => s.name)
            .join(' or ')} yet`,
        };
      }
    }
    const running = state.current?.version;
    if (running === target.version.version) {
      return {
        gate: 'order',
        passed: false,
        reason: `${target.stage.name} already runs ${running}`,
      };
    }
    if (running) {
      const runningVersion = await this.options.versions.get(
        service.ref,
        running,
      );
      if (
        runningVersion &&
        new Date(runningVersion.built_at) > new Date(target.version.built_at)
      ) {
        return {
          gate: 'order',
          passed: false,
          reason: `${target.version.version} is older than ${running}, which ${target.stage.name} runs; roll back instead`,
        };
      }
    }
    return {
      gate: 'order',
      passed: true,
      reason: running
        ? `Newer than ${running}, which ${target.stage.name} runs`
        : `${target.stage.name} runs nothing yet`,
    };
  }

  private async collectFacts(
    service: ReleaseService,
    target: Target,
    states: Map<string, StageState>,
  ) {
    const previousStage =
      target.index > 0 ? service.pipeline.stages[target.index - 1] : undefined;
    const previous = previousStage && states.get(previousStage.name);
    const runningInStage = new Map<string, string>();
    for (const required of Object.keys(service.requires)) {
      const running = (
        await this.options.deployments.stageStates(required)
      ).get(target.stage.name)?.current?.version;
      if (running) runningInStage.set(required, running);
    }
    return {
      now: this.now(),
      version: target.version.version,
      stage: target.stage,
      ...(previousStage && { previousStage }),
      ...(previous?.current?.version === target.version.version && {
        runningInPreviousStageSince: new Date(previous.current.since),
      }),
      ...(previousStage && {
        previousStageLatest: (
          await this.options.deployments.latestFinished(
            service.ref,
            previousStage.name,
          )
        )[0],
      }),
      requires: service.requires,
      runningInStage,
    };
  }

  /**
   * The version a rollback returns the stage to: the one asked for, or the
   * newest one that qualifies. A version qualifies when it is older than
   * the one running and its latest deployment into the stage passed the
   * gate, succeeded and was not rolled back since; otherwise 409 says why.
   */
  private async rollbackTarget(
    service: ReleaseService,
    stage: StageConfig,
    running: string,
    requested: string | undefined,
  ): Promise<string> {
    const { deployments, versions } = this.options;
    if (requested === running) {
      throw new ConflictError(`${stage.name} already runs ${requested}`);
    }
    const ran = await deployments.latestFinished(service.ref, stage.name, {
      states: [...RAN_STATES],
      limit: 200,
      ...(requested && { version: requested }),
    });
    const runningBuilt = (await versions.get(service.ref, running))?.built_at;
    const builtAt = await versions.builtAt(service.ref, [
      ...new Set(ran.map(d => d.version)),
    ]);
    const whyNot = (version: string): string | undefined => {
      const of = ran.filter(d => d.version === version);
      if (of.length === 0) {
        return `${version} never succeeded in ${stage.name}, so it cannot be rolled back to`;
      }
      const built = builtAt.get(version);
      if (!built || !runningBuilt || built >= new Date(runningBuilt)) {
        return `${version} is not older than ${running}, which ${stage.name} runs: a rollback only goes back; promote it instead`;
      }
      // Its latest run in the stage decides: a later rollback or an
      // ungated run outweighs an earlier pass through the gate.
      const [latest] = of;
      if (latest.state === 'rolled-back') {
        return `${version} was rolled back in ${stage.name}; promote it through the gate instead`;
      }
      return latest.ungated
        ? `${version} ran in ${stage.name} without passing its gate (ungated), so it cannot be rolled back to`
        : undefined;
    };
    if (requested) {
      const reason = whyNot(requested);
      if (reason) throw new ConflictError(reason);
      return requested;
    }
    const previous = ran.find(d => d.version !== running && !whyNot(d.version));
    if (!previous) {
      throw new ConflictError(
        `${stage.name} of ${service.ref} never ran an older version that passed its gate and was not rolled back`,
      );
    }
    return previous.version;
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

function stageOf(service: ReleaseService, name: string): StageConfig {
  const stage = service.pipeline.stages.find(s => s.name === name);
  if (!stage) {
    throw new InputError(
      `stage: '${name}' is not a stage of pipeline '${service.pipeline.name}'`,
    );
  }
  return stage;
}

function deadline(stage: StageConfig, from: Date): Date {
  return new Date(from.getTime() + stage.timeoutMinutes * 60_000);
}

function holdGate(state: StageState, automatic: boolean): GateVerdict {
  if (!state.hold) {
    return { gate: 'hold', passed: true, reason: 'Not held' };
  }
  const held = `Held since ${state.hold.at} by ${state.hold.by}: ${state.hold.reason}`;
  return automatic
    ? {
        gate: 'hold',
        passed: false,
        reason: `${held}; promote explicitly to release it`,
      }
    : {
        gate: 'hold',
        passed: true,
        reason: `${held}; this promotion releases it`,
      };
}

function inFlightGate(state: StageState): GateVerdict {
  return state.inFlight
    ? {
        gate: 'in-flight',
        passed: false,
        reason: `Deployment ${state.inFlight.id} of ${state.inFlight.version} is already in flight into ${state.stage}`,
      }
    : { gate: 'in-flight', passed: true, reason: 'Nothing in flight' };
}

function approvalsGate(stage: StageConfig): GateVerdict {
  const required = stage.gates.approvals;
  return required === 0
    ? { gate: 'approvals', passed: true, reason: 'No approvals required' }
    : {
        gate: 'approvals',
        passed: false,
        reason: `Needs ${required} approvals from people other than the requester`,
      };
}
