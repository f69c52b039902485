/*
 * A lean keep-alive HTTP client for the benchmark, so that the figures are
 * the server's, not a heavier client's.
 */
import http from 'node:http';
import { signReleaseTrainsRequest } from '../../../plugins/release-trains-node/src/signature.ts';

export type BenchClient = {
  get(path: string, headers?: Record<string, string>): Promise<unknown>;
  postEvents(body: unknown, deliveryId: string): Promise<void>;
};

export function benchClient(options: {
  baseUrl: string;
  token: string;
  /** The ingestion source's name and secret. */
  source: string;
  secret: string;
}): BenchClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const request = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${options.baseUrl}${path}`,
        { method, agent, headers },
        response => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', chunk => (text += chunk));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(text)
              : reject(new Error(`${path}: ${response.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    async get(path, headers = {}) {
      return JSON.parse(
        await request('GET', path, {
          Authorization: `Bearer ${options.token}`,
          ...headers,
        }),
      );
    },
    async postEvents(body, deliveryId) {
      const raw = JSON.stringify(body);
      await request(
        'POST',
        '/events',
        {
          'Content-Type': 'application/json',
          'X-Release-Trains-Delivery': deliveryId,
          'X-Release-Trains-Source': options.source,
          'X-Release-Trains-Signature': signReleaseTrainsRequest({
            body: raw,
            deliveryId,
            secret: options.secret,
          }),
        },
        raw,
      );
    },
  };
}
