import {
  DeploymentRequest,
  RolloutOperations,
} from '@release-trains/plugin-release-trains-node';

/** An entry of an Application's `status.resources`. */
type ApplicationResource = {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
};

/** The parts of an Argo Rollout (argoproj.io/v1alpha1) read here. */
type Rollout = {
  spec?: {
    paused?: boolean;
    strategy?: {
      canary?: { steps?: { setWeight?: number }[] };
      blueGreen?: object;
    };
  };
  status?: {
    abort?: boolean;
    pauseConditions?: unknown[];
    currentPodHash?: string;
    stableRS?: string;
    currentStepIndex?: number;
    canary?: { weights?: { canary?: { weight?: number } } };
  };
};

/** Calls the Argo CD API under /api/v1/applications, throwing on non-2xx. */
type Call = <T = unknown>(path: string, init: RequestInit) => Promise<T>;

/** The application has no Rollout to operate, or several to choose from. */
class NoSingleRolloutError extends Error {}

const isRollout = (r: ApplicationResource) =>
  r.group === 'argoproj.io' && r.kind === 'Rollout';

/** Fully promoted: the stable ReplicaSet is the current one (Argo CD's own test). */
const isFullyPromoted = (rollout: Rollout) =>
  !!rollout.status?.currentPodHash &&
  rollout.status.currentPodHash === rollout.status.stableRS;

const isPaused = (rollout: Rollout) =>
  (rollout.status?.pauseConditions?.length ?? 0) > 0 || !!rollout.spec?.paused;

/**
 * The canary's share of the traffic: as the traffic router reports it, or
 * else the last `setWeight` step passed (0 before any; 100 past the last).
 */
function currentWeight(rollout: Rollout): number {
  const reported = rollout.status?.canary?.weights?.canary?.weight;
  if (typeof reported === 'number') {
    return reported;
  }
  const steps = rollout.spec?.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex ?? 0;
  if (index >= steps.length) {
    return 100;
  }
  const passed = steps.slice(0, index).filter(s => s.setWeight !== undefined);
  return passed.length ? passed[passed.length - 1].setWeight! : 0;
}

/**
 * Rollout operations carried out on the Argo Rollout of the application, with
 * Argo CD resource actions (the built-in ones of argoproj.io/Rollout). Argo
 * Rollouts owns the weights: `setWeight` resumes the Rollout paused at its own
 * step, it does not push ours. Each operation reads the Rollout first and
 * does nothing when it is already where asked, so that a repeat (our
 * backend retries failed operations) never skips a step.
 */
export class ArgoRollouts implements RolloutOperations {
  constructor(
    private readonly options: {
      call: Call;
      /** The application's name, URL-encoded. */
      applicationOf(request: DeploymentRequest): string;
      /** The Rollout's name, when configured; else the application's only one. */
      rolloutNameOf(request: DeploymentRequest): string | undefined;
    },
  ) {}

  /**
   * Why a progressive start cannot go ahead (nothing synced yet): the
   * application has no (single) Rollout, or one of another strategy.
   */
  async refusal(request: DeploymentRequest): Promise<string | undefined> {
    const strategy = request.rollout?.strategy;
    let rollout: Rollout;
    try {
      rollout = (await this.read(request)).rollout;
    } catch (error) {
      if (error instanceof NoSingleRolloutError) {
        return error.message;
      }
      throw error;
    }
    const own = rollout.spec?.strategy?.canary ? 'canary' : 'blue-green';
    if (strategy && strategy !== own) {
      return `The stage rolls out as ${strategy}, but the Argo Rollout of ${decodeURIComponent(
        this.options.applicationOf(request),
      )} uses ${own}`;
    }
    return undefined;
  }

  async setWeight(request: DeploymentRequest, weight: number): Promise<void> {
    if (weight >= 100) {
      await this.promoteFull(request);
      return;
    }
    const { ref, rollout } = await this.read(request);
    const current = isFullyPromoted(rollout) ? 100 : currentWeight(rollout);
    if (weight <= current) {
      return; // Already there (a repeat), or past it by its own steps.
    }
    if (rollout.status?.abort) {
      throw new Error(`Rollout ${ref.name} was aborted`);
    }
    if (!isPaused(rollout)) {
      throw new Error(
        `Rollout ${ref.name} is at weight ${current} and not paused yet; its steps should pause before each weight of the stage`,
      );
    }
    await this.run(request, ref, 'resume');
  }

  async switchTraffic(request: DeploymentRequest): Promise<void> {
    await this.promoteFull(request);
  }

  async abort(request: DeploymentRequest): Promise<void> {
    const { ref, rollout } = await this.read(request);
    // Fully promoted, there is nothing to abort: the rollback that follows
    // returns to the baseline.
    if (rollout.status?.abort || isFullyPromoted(rollout)) {
      return;
    }
    await this.run(request, ref, 'abort');
  }

  private async promoteFull(request: DeploymentRequest): Promise<void> {
    const { ref, rollout } = await this.read(request);
    if (isFullyPromoted(rollout)) {
      return;
    }
    if (rollout.status?.abort) {
      throw new Error(`Rollout ${ref.name} was aborted`);
    }
    await this.run(request, ref, 'promote-full');
  }

  /** The Rollout among the application's resources, and its live state. */
  private async read(request: DeploymentRequest) {
    const app = this.options.applicationOf(request);
    const { status } = await this.options.call<{
      status?: { resources?: ApplicationResource[] };
    }>(`/${app}`, { method: 'GET' });
    const wanted = this.options.rolloutNameOf(request);
    const found = (status?.resources ?? []).filter(
      r => isRollout(r) && (wanted === undefined || r.name === wanted),
    );
    const name = decodeURIComponent(app);
    if (found.length !== 1) {
      throw new NoSingleRolloutError(
        found.length
          ? `${name} has ${found.length} Argo Rollouts; configure releaseTrains.deployers.argocd.rolloutName`
          : `${name} has no Argo Rollout${wanted ? ` named ${wanted}` : ''}`,
      );
    }
    const ref = {
      name: found[0].name ?? '',
      namespace: found[0].namespace ?? '',
      version: found[0].version ?? 'v1alpha1',
    };
    const { manifest } = await this.options.call<{ manifest: string }>(
      `/${app}/resource?${this.query(ref)}`,
      { method: 'GET' },
    );
    return { ref, rollout: JSON.parse(manifest) as Rollout };
  }

  /** Runs a resource action: the action's name is the body, a JSON string. */
  private async run(
    request: DeploymentRequest,
    ref: { name: string; namespace: string; version: string },
    action: 'resume' | 'promote-full' | 'abort',
  ): Promise<void> {
    await this.options.call(
      `/${this.options.applicationOf(request)}/resource/actions?${this.query(
        ref,
      )}`,
      { method: 'POST', body: JSON.stringify(action) },
    );
  }

  private query(ref: { name: string; namespace: string; version: string }) {
    return new URLSearchParams({
      namespace: ref.namespace,
      resourceName: ref.name,
      version: ref.version,
      group: 'argoproj.io',
      kind: 'Rollout',
    }).toString();
  }
}
