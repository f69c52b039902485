import { ConflictError, NotFoundError } from '@backstage/errors';
import { PromotionCheck } from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { StageState } from '../ledger/StageStateStore';
import { VersionRow } from '../ledger/VersionStore';
import { checkGates, PromotionFacts } from './gates';
import { stageOf, SUCCEEDED_THERE } from './stages';

/** A version and the stage it asks to enter, resolved once per request. */
export type PromotionTarget = {
  stage: StageConfig;
  index: number;
  version: VersionRow;
  /** Stages where the version succeeded through their gate. */
  reached: ReadonlySet<string>;
};

/** How the gates are asked: by a train or a person, and for whom. */
export type GateCheckOptions = {
  /** Trains promote automatically; only explicit promotions pass a hold. */
  automatic?: boolean;
  /** Services the asker may not see: gates judge them but do not describe them. */
  hiddenServices?: ReadonlySet<string>;
};

/** Every gate's verdict, and what the stage ran when they were asked. */
export type GateCheckResult = PromotionCheck & { running?: string };

/**
 * Resolves what a promotion asks for and gathers what the gates judge it
 * on from the ledger; the gates themselves (`gates/`) are pure functions.
 */
export class GateCheck {
  constructor(private readonly options: { ledger: Ledger; now: () => Date }) {}

  /** The stage to enter: the one asked for, or the one after the furthest the version reached. */
  async resolveTarget(
    service: ReleaseService,
    request: { version: string; stage?: string },
  ): Promise<PromotionTarget> {
    const version = await this.options.ledger.versions.get(
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
      const stage = stageOf(service, request.stage);
      return { stage, index: stages.indexOf(stage), version, reached };
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

  /** What each gate says about the target now. */
  async check(
    service: ReleaseService,
    target: PromotionTarget,
    options: GateCheckOptions = {},
  ): Promise<GateCheckResult> {
    const states = await this.options.ledger.stages.ofService(service.ref);
    const state = states.get(target.stage.name);
    const gates = checkGates(
      await this.collectFacts(service, target, states, options),
    );
    return {
      service: service.ref,
      version: target.version.version,
      stage: target.stage.name,
      allowed: gates.every(g => g.passed || g.gate === 'approvals'),
      gates,
      ...(target.stage.gates.approvals > 0 &&
        target.stage.gates.approverGroup && {
          approverGroup: target.stage.gates.approverGroup,
        }),
      ...(state?.current && { running: state.current.version }),
    };
  }

  /** Stages where the version succeeded at least once through their gate. */
  private async reachedStages(service: ReleaseService, version: string) {
    const reached = new Set<string>();
    for (const stage of service.pipeline.stages) {
      // A run past the gate (ungated) does not count as having reached it.
      const [found] = await this.options.ledger.deployments.latestFinished(
        service.ref,
        stage.name,
        { version, states: [...SUCCEEDED_THERE], gatedOnly: true },
      );
      if (found) reached.add(stage.name);
    }
    return reached;
  }

  private async collectFacts(
    service: ReleaseService,
    target: PromotionTarget,
    states: Map<string, StageState>,
    options: GateCheckOptions,
  ): Promise<PromotionFacts> {
    const { ledger } = this.options;
    const { stages, allowSkippingStages } = service.pipeline;
    const state = states.get(target.stage.name);
    const previousStage =
      target.index > 0 ? stages[target.index - 1] : undefined;
    const previous = previousStage && states.get(previousStage.name);
    const runningInStage = new Map<string, string>();
    for (const required of Object.keys(service.requires)) {
      const running = (await ledger.stages.ofService(required)).get(
        target.stage.name,
      )?.current?.version;
      if (running) runningInStage.set(required, running);
    }
    const rehearsalStages = stages.slice(0, target.index);
    const latestRehearsal = target.stage.gates.rehearsal
      ? (
          await ledger.rehearsals.latestFinished(
            service.ref,
            [target.version.version],
            rehearsalStages.map(s => s.name),
          )
        ).get(target.version.version)
      : undefined;
    const running = state?.current?.version;
    const runningBuilt =
      running && (await ledger.versions.get(service.ref, running))?.built_at;
    return {
      now: this.options.now(),
      version: target.version.version,
      builtAt: new Date(target.version.built_at),
      stage: target.stage,
      earlierStages: allowSkippingStages
        ? stages.slice(0, target.index)
        : stages.slice(Math.max(0, target.index - 1), target.index),
      reached: target.reached,
      ...(running && {
        running: {
          version: running,
          ...(runningBuilt && { builtAt: new Date(runningBuilt) }),
        },
      }),
      ...(state?.hold && { hold: state.hold }),
      ...(state?.inFlight && { inFlight: state.inFlight }),
      automatic: Boolean(options.automatic),
      ...(previousStage && { previousStage }),
      ...(previous?.current?.version === target.version.version && {
        runningInPreviousStageSince: new Date(previous.current.since),
      }),
      ...(previousStage && {
        previousStageLatest: (
          await ledger.deployments.latestFinished(
            service.ref,
            previousStage.name,
          )
        )[0],
      }),
      requires: service.requires,
      runningInStage,
      hiddenServices: options.hiddenServices,
      rehearsalStages,
      ...(latestRehearsal && { latestRehearsal }),
    };
  }
}
