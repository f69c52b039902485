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
 * @public
 */
export class WebhookDeployer implements ReleaseTrainsDeployer {
  readonly id = 'webhook';

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
    },
  ) {}

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
    const body = JSON.stringify(request);
    // Repeated with the same delivery id, which the receiving side
    // recognises, so a retry does not start a second deployment.
    const response = await fetchWithRetry(
      this.options.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [RELEASE_TRAINS_SIGNATURE_HEADER]: signReleaseTrainsRequest({
            body,
            deliveryId: request.deploymentId,
            secret: this.options.secret,
          }),
          [RELEASE_TRAINS_DELIVERY_HEADER]: request.deploymentId,
        },
        body,
      },
      { timeoutMs: this.timeoutMs, attempts: 3 },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const text = await response.text();
    return toDeployerStatus(text ? JSON.parse(text) : undefined);
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
