import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import {
  DEFAULT_DEPLOYER_TIMEOUT_MS,
  DeployerStatus,
  DeploymentRequest,
  fetchWithRetry,
  readDeployerTimeoutMs,
  ReleaseTrainsDeployer,
  RolloutOperations,
} from '@release-trains/plugin-release-trains-node';
import { ArgoRollouts } from './ArgoRollouts';

/** The parts of an Argo CD Application this deployer reads. */
type Application = {
  status?: {
    health?: { status?: string; message?: string };
    history?: { id: number; revision: string }[];
    operationState?: {
      phase?: string;
      message?: string;
      operation?: { sync?: { revision?: string } };
    };
  };
};

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);

/**
 * Deploys through Argo CD: a promotion syncs the service's application in
 * the stage to the version's revision; a rollback returns the application to
 * the history entry of that revision (or syncs to it when it has none). The
 * status follows the operation and the application's health.
 *
 * With `rollout: true`, canary and blue-green stages drive the application's
 * Argo Rollout through Argo CD resource actions: `setWeight` resumes the
 * Rollout paused at its own step (`promote-full` at 100), `switchTraffic`
 * runs `promote-full` and `abort` runs `abort`. Argo Rollouts owns the
 * weights; the Rollout's steps should mirror the stage's.
 *
 * @public
 */
export class ArgoCdDeployer implements ReleaseTrainsDeployer {
  readonly id = 'argocd';

  /** Present only with `rollout: true` in the configuration. */
  readonly rollout?: RolloutOperations;

  private readonly rollouts?: ArgoRollouts;

  static fromConfig(config: Config): ArgoCdDeployer | undefined {
    const argocd = config.getOptionalConfig('releaseTrains.deployers.argocd');
    if (!argocd) {
      return undefined;
    }
    const url = argocd.getString('url');
    if (!/^https?:\/\//.test(url)) {
      throw new Error(
        'releaseTrains.deployers.argocd.url must be an http(s) URL',
      );
    }
    return new ArgoCdDeployer({
      url: url.replace(/\/$/, ''),
      token: argocd.getString('token'),
      application: argocd.getOptionalString('application') ?? '{name}-{stage}',
      revision: argocd.getOptionalString('revision') ?? '{version}',
      rollout: argocd.getOptionalBoolean('rollout') ?? false,
      rolloutName: argocd.getOptionalString('rolloutName'),
      timeoutMs: readDeployerTimeoutMs(argocd),
    });
  }

  constructor(
    private readonly options: {
      url: string;
      token: string;
      application: string;
      revision: string;
      /** How long each call may take; 10 seconds by default. */
      timeoutMs?: number;
      /** Whether to drive the application's Argo Rollout; off by default. */
      rollout?: boolean;
      /**
       * The Rollout's name, from `{name}`, `{namespace}` and `{stage}`; by
       * default the application's only Rollout.
       */
      rolloutName?: string;
    },
  ) {
    if (options.rollout) {
      const { rolloutName } = options;
      this.rollouts = new ArgoRollouts({
        call: (path, init) => this.call(path, init),
        applicationOf: request => this.applicationOf(request),
        rolloutNameOf: request =>
          rolloutName && fill(rolloutName, this.templateValues(request)),
      });
      this.rollout = this.rollouts;
    }
  }

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    const name = this.applicationOf(request);
    const revision = this.revisionOf(request);
    if (request.rollout && this.rollouts) {
      // Refused before anything is synced: there would be no canary.
      const refusal = await this.rollouts.refusal(request);
      if (refusal) {
        return { state: 'failed', message: refusal };
      }
    }
    if (request.kind === 'rollback') {
      const app = await this.call<Application>(`/${name}`, { method: 'GET' });
      const entry = app.status?.history?.find(h => h.revision === revision);
      if (entry) {
        await this.call(`/${name}/rollback`, {
          method: 'POST',
          body: JSON.stringify({ id: entry.id, prune: false }),
        });
        return {
          state: 'in-progress',
          message: `Rolling ${name} back to history entry ${entry.id}`,
        };
      }
    }
    await this.call(`/${name}/sync`, {
      method: 'POST',
      body: JSON.stringify({ revision, prune: false, dryRun: false }),
    });
    return { state: 'in-progress', message: `Syncing ${name} to ${revision}` };
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
    const name = this.applicationOf(request);
    const app = await this.call<Application>(`/${name}`, { method: 'GET' });
    const operation = app.status?.operationState;
    const health = app.status?.health;
    const revision = operation?.operation?.sync?.revision;
    if (revision && revision !== this.revisionOf(request)) {
      // Another operation than ours runs or ran last.
      return { state: 'in-progress', message: `${name} is at ${revision}` };
    }
    switch (operation?.phase) {
      case 'Failed':
      case 'Error':
        return {
          state: 'failed',
          message: `Argo CD ${operation.phase.toLowerCase()}: ${
            operation.message ?? 'no message'
          }`,
        };
      case 'Succeeded':
        if (health?.status === 'Healthy') {
          return {
            state: 'succeeded',
            message: `${name} is synced and healthy`,
          };
        }
        if (
          health?.status === 'Suspended' &&
          request.rollout &&
          this.rollouts
        ) {
          // The Rollout paused at its first step: the new version runs
          // beside the stable one, for the steps to shift traffic to it.
          return {
            state: 'succeeded',
            message: `${name} is synced; its Rollout paused for the steps`,
          };
        }
        if (health?.status === 'Degraded' || health?.status === 'Missing') {
          return {
            state: 'failed',
            message: `${name} is ${health.status}: ${
              health.message ?? ''
            }`.trim(),
          };
        }
        return {
          state: 'in-progress',
          message: `${name} is ${health?.status}`,
        };
      default:
        return {
          state: 'in-progress',
          message: `Operation ${operation?.phase ?? 'pending'}`,
        };
    }
  }

  private templateValues(request: DeploymentRequest) {
    const [, namespace, name] =
      /^[^:]+:([^/]+)\/(.+)$/.exec(request.service) ?? [];
    return {
      name: name ?? request.service,
      namespace: namespace ?? 'default',
      stage: request.stage,
    };
  }

  private applicationOf(request: DeploymentRequest): string {
    return encodeURIComponent(
      fill(this.options.application, this.templateValues(request)),
    );
  }

  private revisionOf(request: DeploymentRequest): string {
    return fill(this.options.revision, { version: request.version });
  }

  private async call<T = unknown>(path: string, init: RequestInit): Promise<T> {
    // Reads are retried; a sync or rollback is not (Argo CD refuses a
    // second operation while one runs, or would run it again).
    const response = await fetchWithRetry(
      `${this.options.url}/api/v1/applications${path}`,
      {
        ...init,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          ...(init.body && { 'Content-Type': 'application/json' }),
        },
      },
      { timeoutMs: this.options.timeoutMs ?? DEFAULT_DEPLOYER_TIMEOUT_MS },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
