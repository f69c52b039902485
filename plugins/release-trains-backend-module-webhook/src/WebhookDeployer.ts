import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import {
  DEFAULT_DEPLOYER_TIMEOUT_MS,
  DeployerStatus,
  DeploymentRequest,
  RELEASE_TRAINS_DELIVERY_HEADER,
  RELEASE_TRAINS_SIGNATURE_HEADER,
  RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS,
  ReleaseTrainsDeployer,
  RolloutOperations,
  fetchWithRetry,
  readDeployerTimeoutMs,
  signReleaseTrainsRequest,
} from '@release-trains/plugin-release-trains-node';

/** The states a deployment system may answer or call back with. */
const REPORTABLE_STATES = ['in-progress', 'succeeded', 'failed'];

/** What the receiving system answers (POST, status GET, or callback). */
export function toDeployerStatus(body: unknown): DeployerStatus {
  const { state, message } = (body ?? {}) as {
    state?: string;
    message?: string;
  };
  if (state === 'failed') {
    return {
      state,
      message: message ?? 'The deployment system reported a failure',
    };
  }
  if (state && REPORTABLE_STATES.includes(state)) {
    return { state: state as 'in-progress' | 'succeeded', message };
  }
  return { state: 'in-progress' };
}

/** The traffic actions POSTed to the webhook, when `rollout` is enabled. */
type WebhookRolloutAction = 'set-weight' | 'switch-traffic' | 'abort';

/** Reads `signatureToleranceSeconds`: a positive number, 300 by default. */
function readSignatureTolerance(webhook: Config): number {
  const key = 'signatureToleranceSeconds';
  let seconds: number | undefined;
  try {
    seconds = webhook.getOptionalNumber(key);
  } catch {
    seconds = NaN;
  }
  if (seconds === undefined) {
    return RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS;
  }
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(
      `releaseTrains.deployers.webhook.${key} must be a positive number of seconds`,
    );
  }
  return seconds;
}

/**
 * Drives a deployment system through a webhook: each deployment is POSTed
 * as JSON, named by its id (X-Release-Trains-Delivery, the same on a retry)
 * and signed with a shared secret in X-Release-Trains-Signature:
 * `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">`.
 * The answer, and a status URL when configured, say how it goes:
 * `{ "state": "in-progress" | "succeeded" | "failed", "message": "..." }`.
 *
 * With `rollout: true` it also shifts traffic for canary and blue-green
 * stages: the start carries `rollout`, and each traffic operation is POSTed
 * to the same URL, signed the same way: the deployment with an `action`
 * (`set-weight` with a `weight`, `switch-traffic` or `abort`), named
 * `<deployment id>:<action>[:<weight>]`. Without it, the deployer has no
 * `rollout` operations and every strategy runs as rolling.
 *
 * @public
 */
export class WebhookDeployer implements ReleaseTrainsDeployer {
  readonly id = 'webhook';

  /** Present only with `rollout: true` in the configuration. */
  readonly rollout?: RolloutOperations;

  static fromConfig(config: Config): WebhookDeployer | undefined {
    const webhook = config.getOptionalConfig('releaseTrains.deployers.webhook');
    if (!webhook) {
      return undefined;
    }
    const secret = webhook.getString('secret');
    if (secret.length < 16) {
      throw new Error(
        'releaseTrains.deployers.webhook.secret must be at least 16 characters',
      );
    }
    const url = webhook.getString('url');
    const statusUrl = webhook.getOptionalString('statusUrl');
    for (const [key, value] of [
      ['url', url],
      ['statusUrl', statusUrl],
    ] as const) {
      if (value !== undefined && !/^https?:\/\//.test(value)) {
        throw new Error(
          `releaseTrains.deployers.webhook.${key} must be an http(s) URL`,
        );
      }
    }
    return new WebhookDeployer({
      url,
      secret,
      statusUrl,
      rollout: webhook.getOptionalBoolean('rollout') ?? false,
      signatureToleranceSeconds: readSignatureTolerance(webhook),
      timeoutMs: readDeployerTimeoutMs(webhook),
    });
  }

  constructor(
    private readonly options: {
      url: string;
      secret: string;
      statusUrl?: string;
      /** How old (or early) a callback's signature may be; 300 by default. */
      signatureToleranceSeconds?: number;
      /** How long each call may take; 10 seconds by default. */
      timeoutMs?: number;
      /**
       * Whether the receiver understands the traffic actions (canary,
       * blue-green); off by default, when every strategy runs as rolling.
       */
      rollout?: boolean;
    },
  ) {
    this.rollout = options.rollout
      ? {
          setWeight: (request, weight) =>
            this.act('set-weight', request, { weight }),
          switchTraffic: request => this.act('switch-traffic', request),
          abort: request => this.act('abort', request),
        }
      : undefined;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_DEPLOYER_TIMEOUT_MS;
  }

  /** The shared secret, which also signs the system's callbacks. */
  get secret(): string {
    return this.options.secret;
  }

  /** How far a callback's signature timestamp may be from our clock. */
  get signatureToleranceSeconds(): number {
    return (
      this.options.signatureToleranceSeconds ??
      RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS
    );
  }

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    // Without rollout operations nobody would shift the traffic of a
    // version started beside the baseline: the receiver never sees it.
    const { rollout, ...rolling } = request;
    const body = JSON.stringify(this.rollout ? request : rolling);
    // Repeated with the same delivery id, which the receiving side
    // recognises, so a retry does not start a second deployment.
    const response = await this.post(body, request.deploymentId);
    const text = await response.text();
    return toDeployerStatus(text ? JSON.parse(text) : undefined);
  }

  /**
   * POSTs a traffic action, named `<deployment id>:<action>[:<weight>]` (the
   * same on a retry). Setting a weight, switching or aborting twice leaves
   * the traffic as once, so the receiver may simply apply each request.
   */
  private async act(
    action: WebhookRolloutAction,
    request: DeploymentRequest,
    extra: { weight?: number } = {},
  ): Promise<void> {
    const body = JSON.stringify({ action, ...extra, ...request });
    const deliveryId = [request.deploymentId, action, extra.weight]
      .filter(part => part !== undefined)
      .join(':');
    const response = await this.post(body, deliveryId);
    // Only the status matters; free the connection.
    await response.body?.cancel();
  }

  /** A signed POST to the webhook, retried; throws unless answered 2xx. */
  private async post(body: string, deliveryId: string): Promise<Response> {
    const response = await fetchWithRetry(
      this.options.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [RELEASE_TRAINS_SIGNATURE_HEADER]: signReleaseTrainsRequest({
            body,
            deliveryId,
            secret: this.options.secret,
          }),
          [RELEASE_TRAINS_DELIVERY_HEADER]: deliveryId,
        },
        body,
      },
      { timeoutMs: this.timeoutMs, attempts: 3 },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
    if (!this.options.statusUrl) {
      return { state: 'in-progress' };
    }
    const response = await fetchWithRetry(
      this.options.statusUrl.replace(
        '{deploymentId}',
        encodeURIComponent(request.deploymentId),
      ),
      {
        // Signed over an empty body, the deployment id as the delivery.
        headers: {
          [RELEASE_TRAINS_SIGNATURE_HEADER]: signReleaseTrainsRequest({
            body: '',
            deliveryId: request.deploymentId,
            secret: this.options.secret,
          }),
          [RELEASE_TRAINS_DELIVERY_HEADER]: request.deploymentId,
        },
      },
      { timeoutMs: this.timeoutMs },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return toDeployerStatus(await response.json());
  }
}
