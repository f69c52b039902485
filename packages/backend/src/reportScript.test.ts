import {
  ReleaseTrainsSignatureCheck,
  verifyReleaseTrainsRequest,
} from '@release-trains/plugin-release-trains-node';
import { execFile } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs the golden path's report script for real (bash, curl and openssl from
 * this machine) against a local server that checks its requests the way
 * Release Trains does.
 */

const script = join(
  __dirname,
  '..',
  '..',
  '..',
  'templates',
  'golden-path-service',
  'skeleton',
  '.github',
  'scripts',
  'report.sh',
);

const secret = 'a-ci-source-secret-of-some-length';

type Received = {
  body: Buffer;
  headers: IncomingHttpHeaders;
  check: ReleaseTrainsSignatureCheck;
};

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

describe('the golden path report script', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** Statuses to answer with before accepting, e.g. [503] to be retried. */
  let failFirst: number[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const check = verifyReleaseTrainsRequest({
          body,
          deliveryId: header(req.headers, 'x-release-trains-delivery'),
          signature: header(req.headers, 'x-release-trains-signature'),
          secret,
        });
        received.push({ body, headers: req.headers, check });
        const failure = failFirst.shift();
        if (failure) {
          res.writeHead(failure).end();
        } else if (check.valid) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"recorded":true}');
        } else {
          res.writeHead(401, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { message: check.reason } }));
        }
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}/api/release-trains/events`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
    failFirst = [];
  });

  /** As the workflow calls it: the variables are all the script gets. */
  const report = (body: string, delivery: string, withSecret = secret) =>
    promisify(execFile)('bash', [script, body, delivery], {
      env: {
        PATH: process.env.PATH,
        RELEASE_TRAINS_URL: url,
        RELEASE_TRAINS_SOURCE: 'github-actions',
        RELEASE_TRAINS_SECRET: withSecret,
      },
      timeout: 30_000,
    });

  // What jq -cn makes of a commit title with what a shell or printf might
  // mangle: quotes, %, $, backslashes, non-ASCII.
  const body = JSON.stringify({
    type: 'version.created',
    service: 'component:default/payments',
    version: '0.1.42',
    commitSha: 'a'.repeat(40),
    builtAt: '2026-11-22T10:00:00Z',
    changes: [
      {
        commitSha: 'a'.repeat(40),
        title: 'Fix "100% of $HOME" \\n paths — über-fast',
        author: 'ana',
      },
    ],
  });

  it('sends the body and delivery id, signed so that the receiver accepts it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { stdout } = await report(body, 'build-4711-1');
    const after = Math.ceil(Date.now() / 1000);

    expect(stdout).toBe('{"recorded":true}');
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.check).toEqual({ valid: true });
    expect(request.body.toString('utf8')).toBe(body);
    expect(request.headers['x-release-trains-delivery']).toBe('build-4711-1');
    expect(request.headers['x-release-trains-source']).toBe('github-actions');
    expect(request.headers['content-type']).toBe('application/json');
    const signature = request.headers['x-release-trains-signature'] as string;
    expect(signature).toMatch(/^t=\d+,sha256=[0-9a-f]{64}$/);
    const t = Number(/^t=(\d+),/.exec(signature)![1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);

    // The signature holds for this delivery id and body only.
    expect(
      verifyReleaseTrainsRequest({
        body: request.body,
        deliveryId: 'build-4711-2',
        signature,
        secret,
      }),
    ).toEqual({ valid: false, reason: 'Signature does not match the request' });
  });

  it('is refused when signed with another secret', async () => {
    const run = report(body, 'build-4711-1', 'not-the-secret-of-this-source');

    await expect(run).rejects.toMatchObject({
      // curl --fail-with-body: exit 22 on an HTTP error, with the answer.
      code: 22,
      stdout: JSON.stringify({
        error: { message: 'Signature does not match the request' },
      }),
    });
    expect(received).toHaveLength(1);
    expect(received[0].check).toEqual({
      valid: false,
      reason: 'Signature does not match the request',
    });
    expect(received[0].body.toString('utf8')).toBe(body);
  });

  it('retries with the same delivery id and signature, which still verify', async () => {
    failFirst = [503];

    await report(body, 'deploy-4711-outcome');

    expect(received).toHaveLength(2);
    const [first, retry] = received;
    expect(retry.headers['x-release-trains-delivery']).toBe(
      'deploy-4711-outcome',
    );
    expect(retry.headers['x-release-trains-signature']).toBe(
      first.headers['x-release-trains-signature'],
    );
    expect(retry.body.equals(first.body)).toBe(true);
    expect(retry.check).toEqual({ valid: true });
  });
});
