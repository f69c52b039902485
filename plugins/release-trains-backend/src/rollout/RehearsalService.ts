import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Deployment,
  RollbackRehearsal,
} from '@release-trains/plugin-release-trains-common';
import { randomUUID } from 'node:crypto';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { Ledger } from '../ledger/Ledger';
import { isFinished } from '../ledger/stateMachine';
import { LiveUpdates } from '../promotion/LiveUpdates';
import { PromotionService } from '../promotion/PromotionService';
import { rollbackTarget } from '../promotion/rollbackTarget';
import { stageOf } from '../promotion/stages';

/** Who asks for a rehearsal and of what. */
export type RehearsalRequest = {
  stage: string;
  /** Default: what the stage runs. */
  version?: string;
  requestedBy: string;
  /**
   * A service token's subject: refused where the stage needs approvals,
   * as its promotions and rollbacks are (the first step tells).
   */
  requestedByService?: boolean;
};

/** How long a phase may go without its deployment before it counts as failed. */
const STUCK_MS = 10 * 60_000;

const PHASE_WORDS: Record<RollbackRehearsal['phase'], string> = {
  deploy: 'deployment',
  rollback: 'rollback',
  redeploy: 'deployment again',
  done: 'rehearsal',
};

/**
 * Rehearses a version's rollback in a stage before the last: deploys the
 * version (unless the stage runs it), rolls the stage back to the version
 * before, and deploys the version again — each through the promotion
 * engine, as any deployment, and timed. A scheduled tick moves rehearsals
 * on as their deployments finish, from the ledger alone, so a restart or
 * another replica carries on where one stopped.
 */
export class RehearsalService {
  constructor(
    private readonly options: {
      ledger: Ledger;
      promotions: PromotionService;
      resolveService: (ref: string) => Promise<ReleaseService | undefined>;
      logger: LoggerService;
      /** A rehearsal's end shows on the Release tab; its deployments signal themselves. */
      live: LiveUpdates;
      now: () => Date;
    },
  ) {}

  /** Starts a rehearsal; 409 in the last stage, while one runs, or with nothing to roll back to. */
  async start(
    service: ReleaseService,
    request: RehearsalRequest,
  ): Promise<RollbackRehearsal> {
    const { ledger, now } = this.options;
    const stage = stageOf(service, request.stage);
    const { stages } = service.pipeline;
    if (stage === stages[stages.length - 1]) {
      throw new ConflictError(
        `Rehearse rollbacks before ${stage.name}, the last stage: in ${stages
          .slice(0, -1)
          .map(s => s.name)
          .join(' or ')}`,
      );
    }
    const running = await ledger.rehearsals.runningIn(service.ref, stage.name);
    if (running) {
      throw new ConflictError(
        `A rehearsal of ${running.version} is running in ${stage.name} (${running.id})`,
      );
    }
    const current = (await ledger.stages.ofService(service.ref)).get(stage.name)
      ?.current?.version;
    const version = request.version ?? current;
    if (!version) {
      throw new ConflictError(
        `${stage.name} runs nothing; name the version to rehearse`,
      );
    }
    const previousVersion = await rollbackTarget(
      ledger,
      service,
      stage,
      version,
      undefined,
    );
    const rehearsal: RollbackRehearsal = {
      id: randomUUID(),
      service: service.ref,
      stage: stage.name,
      version,
      previousVersion,
      phase: current === version ? 'rollback' : 'deploy',
      state: 'running',
      requestedBy: request.requestedBy,
      startedAt: now().toISOString(),
      phaseStartedAt: now().toISOString(),
    };
    await ledger.rehearsals.create(rehearsal);
    try {
      const deployment = await this.deploy(
        service,
        rehearsal,
        request.requestedByService,
      );
      await ledger.rehearsals.move(rehearsal.id, rehearsal.phase, {
        deploymentId: deployment.id,
      });
    } catch (error) {
      // Refused before it began (a gate, a deployment in flight): the
      // caller hears why, and no failed rehearsal stands in the record to
      // close the gate of an earlier one that succeeded.
      await ledger.rehearsals.delete(rehearsal.id);
      throw error;
    }
    return (await ledger.rehearsals.get(rehearsal.id))!;
  }

  /** A service's rehearsals, newest first. */
  list(service: ReleaseService, options: { version?: string; limit?: number }) {
    return this.options.ledger.rehearsals.list(service.ref, options);
  }

  /** Moves every running rehearsal whose deployment finished; run by the scheduler. */
  async tick(): Promise<void> {
    const { ledger, logger } = this.options;
    for (const rehearsal of await ledger.rehearsals.running()) {
      try {
        await this.advance(rehearsal);
      } catch (error) {
        logger.warn(`Could not move rehearsal ${rehearsal.id}: ${error}`);
      }
    }
  }

  private async advance(rehearsal: RollbackRehearsal): Promise<void> {
    const { ledger, resolveService, now } = this.options;
    if (!rehearsal.deploymentId) {
      // A phase claimed but whose deployment was never recorded (a crash
      // in between): after a while it will not be, and the stage must not
      // stay blocked for rehearsals.
      if (now().getTime() - Date.parse(rehearsal.phaseStartedAt) > STUCK_MS) {
        await this.fail(
          rehearsal,
          `The ${PHASE_WORDS[rehearsal.phase]} did not start within ${
            STUCK_MS / 60_000
          } minutes`,
        );
      }
      return;
    }
    const deployment = await ledger.deployments.get(rehearsal.deploymentId);
    if (!deployment || !isFinished(deployment.state)) return;
    const service = await resolveService(rehearsal.service);
    if (!service) return;
    if (deployment.state !== 'succeeded') {
      await this.fail(
        rehearsal,
        `The ${PHASE_WORDS[rehearsal.phase]} of ${deployment.version} ${
          deployment.state
        }${deployment.reason ? `: ${deployment.reason}` : ''}`,
      );
      return;
    }
    const took = durationOf(deployment);
    if (rehearsal.phase === 'deploy') {
      await this.next(service, rehearsal, { phase: 'rollback' });
    } else if (rehearsal.phase === 'rollback') {
      await this.next(service, rehearsal, {
        phase: 'redeploy',
        rollbackMs: took,
      });
    } else {
      const done = await ledger.rehearsals.move(rehearsal.id, rehearsal.phase, {
        phase: 'done',
        state: 'succeeded',
        redeployMs: took,
        finishedAt: this.options.now().toISOString(),
      });
      if (done) await this.options.live.servicesChanged([rehearsal.service]);
    }
  }

  /** Claims the next phase (one tick wins), then starts its deployment. */
  private async next(
    service: ReleaseService,
    rehearsal: RollbackRehearsal,
    change: { phase: 'rollback' | 'redeploy'; rollbackMs?: number },
  ): Promise<void> {
    const claimed = await this.options.ledger.rehearsals.move(
      rehearsal.id,
      rehearsal.phase,
      {
        ...change,
        deploymentId: undefined,
        phaseStartedAt: this.options.now().toISOString(),
      },
    );
    if (claimed) await this.startPhase(service, { ...rehearsal, ...change });
  }

  /** Starts the phase's deployment and records it; a refusal fails the rehearsal. */
  private async startPhase(
    service: ReleaseService,
    rehearsal: RollbackRehearsal,
  ): Promise<void> {
    try {
      const deployment = await this.deploy(service, rehearsal);
      await this.options.ledger.rehearsals.move(rehearsal.id, rehearsal.phase, {
        deploymentId: deployment.id,
      });
    } catch (error) {
      await this.fail(
        rehearsal,
        `The ${PHASE_WORDS[rehearsal.phase]} could not start: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** The phase's deployment, through the promotion engine. */
  private deploy(
    service: ReleaseService,
    rehearsal: RollbackRehearsal,
    requestedByService = false,
  ) {
    const { promotions } = this.options;
    const { stage, version, previousVersion, requestedBy } = rehearsal;
    return rehearsal.phase === 'rollback'
      ? promotions.rollback(service, {
          stage,
          version: previousVersion,
          reason: `Rehearsal ${rehearsal.id}: rolling ${version} back to ${previousVersion}`,
          requestedBy,
          requestedByService,
        })
      : promotions.promote(service, {
          stage,
          version,
          reason: `Rehearsal ${rehearsal.id}: ${
            rehearsal.phase === 'deploy' ? 'deploying' : 'deploying again'
          } ${version}`,
          requestedBy,
          requestedByService,
        });
  }

  private async fail(rehearsal: RollbackRehearsal, reason: string) {
    const failed = await this.options.ledger.rehearsals.move(
      rehearsal.id,
      rehearsal.phase,
      {
        state: 'failed',
        reason,
        finishedAt: this.options.now().toISOString(),
      },
    );
    if (failed) await this.options.live.servicesChanged([rehearsal.service]);
  }
}

function durationOf(deployment: Deployment): number {
  const started = Date.parse(deployment.startedAt ?? deployment.createdAt);
  return Math.max(0, Date.parse(deployment.finishedAt!) - started);
}
