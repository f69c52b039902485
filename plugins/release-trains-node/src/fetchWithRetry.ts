import { Config } from '@backstage/config';

/**
 * How long a deployer waits for a deployment system's answer by default.
 *
 * @public
 */
export const DEFAULT_DEPLOYER_TIMEOUT_MS = 10_000;

/**
 * Reads a deployer's `timeoutSeconds` (a positive number) as milliseconds,
 * {@link DEFAULT_DEPLOYER_TIMEOUT_MS} when absent.
 *
 * @public
 */
export function readDeployerTimeoutMs(deployerConfig: Config): number {
  const seconds = deployerConfig.getOptionalNumber('timeoutSeconds');
  if (seconds === undefined) {
    return DEFAULT_DEPLOYER_TIMEOUT_MS;
  }
  if (!(seconds > 0)) {
    throw new Error(
      `A deployer's timeoutSeconds must be a positive number, not ${seconds}`,
    );
  }
  return seconds * 1000;
}

/**
 * How {@link fetchWithRetry} bounds a call.
 *
 * @public
 */
export type FetchWithRetryOptions = {
  /** How long each attempt may take; {@link DEFAULT_DEPLOYER_TIMEOUT_MS} by default. */
  timeoutMs?: number;
  /**
   * How many times to try. By default 3 for GET and HEAD, once otherwise:
   * retry a POST only when the other side recognises a repeat (an
   * idempotency key), or a deployment may start twice.
   */
  attempts?: number;
  /** The wait before the second attempt, doubled for each further one; 500 by default. */
  backoffMs?: number;
};

const SAFE_METHODS = ['GET', 'HEAD'];

/**
 * `fetch` with a timeout on each attempt, retrying network errors,
 * timeouts and 5xx answers with exponential back-off. The last 5xx answer
 * is returned, as `fetch` would; a network error or timeout of the last
 * attempt is thrown.
 *
 * @public
 */
export async function fetchWithRetry(
  url: string,
  init: RequestInit = {},
  options: FetchWithRetryOptions = {},
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const {
    timeoutMs = DEFAULT_DEPLOYER_TIMEOUT_MS,
    attempts = SAFE_METHODS.includes(method) ? 3 : 1,
    backoffMs = 500,
  } = options;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts;
    try {
      const response = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status < 500 || last) {
        return response;
      }
      // Free the connection of the answer we drop.
      await response.body?.cancel();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      if (last) {
        throw timedOut
          ? new Error(`${method} ${url} timed out after ${timeoutMs} ms`)
          : error;
      }
    }
    await new Promise(resolve =>
      setTimeout(resolve, backoffMs * 2 ** (attempt - 1)),
    );
  }
}
