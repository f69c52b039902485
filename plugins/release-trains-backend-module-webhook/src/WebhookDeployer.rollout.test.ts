import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { verifyReleaseTrainsRequest } from '@release-trains/plugin-release-trains-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { WebhookDeployer } from './WebhookDeployer';

const secret = 'a-webhook-secret-of-some-length';
const url = 'https://deploy.example.com/hooks';
const request = {
  deploymentId: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
  rollout: {
    strategy: 'canary' as const,
    baselineVersion: '1.4.1',
    weights: [10, 50, 100],
  },
};

const deployerWith = (webhook: object) =>
  WebhookDeployer.fromConfig(
    new ConfigReader({
      releaseTrains: { deployers: { webhook: { url, secret, ...webhook } } },
    }),
  )!;

type Received = { body: string; delivery: string | null; signature: string };

describe('WebhookDeployer rollout operations', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Records every POST to the webhook, answering with `status`. */
  function receiver(status = 202) {
    const received: Received[] = [];
    server.use(
      http.post(url, async ({ request: r }) => {
        received.push({
          body: await r.text(),
          delivery: r.headers.get('x-release-trains-delivery'),
          signature: r.headers.get('x-release-trains-signature') ?? '',
        });
        return status < 300
          ? new HttpResponse(null, { status })
          : HttpResponse.text('cannot shift traffic', { status });
      }),
    );
    return received;
  }

  /** Whether the receiver, checking the bytes it got, accepts the request. */
  const verified = ({ body, delivery, signature }: Received) =>
    verifyReleaseTrainsRequest({
      body,
      deliveryId: delivery ?? undefined,
      signature,
      secret,
    });

  it('is off by default: no rollout operations, and the start carries no rollout', async () => {
    const received = receiver();
    for (const webhook of [{}, { rollout: false }, { rollout: 'false' }]) {
      expect(deployerWith(webhook).rollout).toBeUndefined();
    }
    await deployerWith({}).start(request);
    const { rollout, ...rolling } = request;
    expect(JSON.parse(received[0].body)).toEqual(rolling);
    expect(verified(received[0])).toEqual({ valid: true });
  });

  it('passes the rollout through in the start payload when enabled', async () => {
    const received = receiver();
    // As an environment variable substitutes it, a string.
    for (const webhook of [{ rollout: true }, { rollout: 'true' }]) {
      expect(deployerWith(webhook).rollout).toBeDefined();
    }
    await expect(
      deployerWith({ rollout: true }).start(request),
    ).resolves.toEqual({ state: 'in-progress' });
    expect(JSON.parse(received[0].body)).toEqual(request);
    expect(received[0].delivery).toBe('d-1');
    expect(verified(received[0])).toEqual({ valid: true });
  });

  it('POSTs each action, signed, with its own delivery id', async () => {
    const received = receiver();
    const { rollout } = deployerWith({ rollout: true });

    await rollout!.setWeight(request, 10);
    await rollout!.setWeight(request, 10);
    await rollout!.switchTraffic(request);
    await rollout!.abort(request);

    expect(received.map(r => JSON.parse(r.body))).toEqual([
      { action: 'set-weight', weight: 10, ...request },
      { action: 'set-weight', weight: 10, ...request },
      { action: 'switch-traffic', ...request },
      { action: 'abort', ...request },
    ]);
    // The same delivery id when repeated; another per action and weight.
    expect(received.map(r => r.delivery)).toEqual([
      'd-1:set-weight:10',
      'd-1:set-weight:10',
      'd-1:switch-traffic',
      'd-1:abort',
    ]);
    for (const r of received) {
      expect(r.signature).toMatch(/^t=\d+,sha256=[0-9a-f]{64}$/);
      expect(verified(r)).toEqual({ valid: true });
    }
    // Not valid as another action, nor as the start.
    expect(verified({ ...received[3], delivery: 'd-1' })).toMatchObject({
      valid: false,
    });
    expect(
      verified({
        ...received[0],
        body: received[0].body.replace('"weight":10', '"weight":100'),
      }),
    ).toMatchObject({ valid: false });
  });

  it('throws when the receiver refuses an action', async () => {
    receiver(409);
    const { rollout } = deployerWith({ rollout: true });
    await expect(rollout!.setWeight(request, 50)).rejects.toThrow(/409/);
    await expect(rollout!.switchTraffic(request)).rejects.toThrow(/409/);
    await expect(rollout!.abort(request)).rejects.toThrow(/409/);
  });
});
