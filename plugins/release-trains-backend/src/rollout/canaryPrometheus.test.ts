import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import {
  prometheusInstalled,
  startExporter,
  startPrometheus,
} from '../__testUtils__/prometheus';
import { createRolloutTest, rolloutService } from '../__testUtils__/rollouts';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { PrometheusProvider } from './PrometheusProvider';
import { prometheusMetricProvider } from './providers';

jest.setTimeout(120_000);

if (!prometheusInstalled() && process.env.CI) {
  throw new Error(
    "CI is set but Prometheus is not installed: run 'apt-get install -y prometheus' (scripts/dev.sh test does)",
  );
}
const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

const SERVICE = 'component:default/payments';
const errorRatio = (version: string) =>
  `http_error_ratio{service="${SERVICE}",version="${version}"}`;
const latencyP95 = (version: string) =>
  `http_latency_p95_ms{service="${SERVICE}",version="${version}"}`;

/** Analysis every 2 s; the second failed measurement fails it. */
const INTERVAL_MS = 2_000;
const FAILURE_LIMIT = 1;
const service = rolloutService(
  {
    strategy: 'canary',
    steps: [{ setWeight: 20 }, { analysis: {} }],
    analysis: {
      provider: 'prometheus',
      interval: INTERVAL_MS / 1000,
      count: 4,
      failureLimit: FAILURE_LIMIT,
      checks: [
        {
          kind: 'error-rate',
          query:
            'sum(http_error_ratio{service="{{service}}",version="{{version}}"})',
        },
        {
          kind: 'latency-p95',
          query:
            'max(http_latency_p95_ms{service="{{service}}",version="{{version}}"})',
        },
      ],
    },
  },
  new Set(['push', 'prometheus']),
);

describeWithPrometheus('canary analysis against a real Prometheus', () => {
  const databases = createLedgerTestDatabases();
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

  beforeAll(async () => {
    exporter = await startExporter();
    exporter.set(errorRatio('1.0.0'), 0.005);
    exporter.set(latencyP95('1.0.0'), 120);
    exporter.set(latencyP95('1.1.0'), 140);
    prometheus = await startPrometheus([exporter.target]);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  /** Until Prometheus has scraped the canary's error ratio as set. */
  async function scraped(value: number) {
    const provider = new PrometheusProvider({ baseUrl: prometheus.url });
    const deadline = Date.now() + 30_000;
    while (
      (await provider.query(`sum(${errorRatio('1.1.0')})`)) !== value &&
      Date.now() < deadline
    ) {
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  /**
   * Promotes 1.1.0 over 1.0.0 with the canary's error ratio as given, and
   * lets the roll-out run on the real clock, ticking every 250 ms (the
   * scheduler ticks every 5 s), until it is over.
   */
  async function rollOut(databaseId: TestDatabaseId, canaryErrorRatio: number) {
    exporter.set(errorRatio('1.1.0'), canaryErrorRatio);
    await scraped(canaryErrorRatio);
    const db = await createLedgerDatabase(databases, databaseId);
    const test = await createRolloutTest(db, {
      service,
      start: new Date(),
      providers: [
        prometheusMetricProvider(
          new PrometheusProvider({ baseUrl: prometheus.url }),
        ),
      ],
    });
    await test.promote('1.0.0');
    test.clock.now = new Date();
    const canary = await test.promote('1.1.0');
    const deadline = Date.now() + 60_000;
    for (;;) {
      test.clock.now = new Date();
      await test.rollouts.stepper.tick();
      const rollout = await test.details(canary.id);
      if (rollout.phase === 'completed' || rollout.phase === 'aborted') {
        return { test, rollout, canary };
      }
      if (rollout.phase === 'paused' || Date.now() > deadline) {
        throw new Error(`The roll-out did not end: ${JSON.stringify(rollout)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  it.each(databases.eachSupportedId())(
    'rolls back a canary whose error rate rises 2 points over the baseline within interval × failure limit (%p)',
    async databaseId => {
      const { test, rollout, canary } = await rollOut(databaseId, 0.025);
      expect(rollout.phase).toBe('aborted');
      expect(rollout.abortReason).toBe(
        'Analysis failed: error-rate: canary 2.50 %, baseline 0.50 % (+2 pp, limit 1 pp); 2 of 2 measurements failed',
      );
      const failed = rollout.measurements.filter(m => m.phase === 'failed');
      expect(failed).toHaveLength(FAILURE_LIMIT + 1);
      expect(failed[0]).toMatchObject({
        check: 'error-rate',
        canary: 0.025,
        baseline: 0.005,
        value: 2,
        threshold: 1,
      });
      // From the first breach to the rollback: the failures tolerated, one
      // interval each, plus at most one tick.
      const breachToRollback =
        Date.parse(rollout.rollbackStartedAt!) -
        Date.parse(failed[0].measuredAt);
      expect(breachToRollback).toBeLessThanOrEqual(
        INTERVAL_MS * FAILURE_LIMIT + 1_000,
      );
      expect(await test.deployment(canary.id)).toMatchObject({
        state: 'failed',
      });
      expect(
        await test.deployment(rollout.rollbackDeploymentId!),
      ).toMatchObject({
        kind: 'rollback',
        version: '1.0.0',
        state: 'succeeded',
      });
      expect((await test.prod()).hold?.reason).toBe(rollout.abortReason);
    },
  );

  it.each(databases.eachSupportedId())(
    'promotes a canary half a point over the baseline (%p)',
    async databaseId => {
      const { test, rollout, canary } = await rollOut(databaseId, 0.01);
      expect(rollout).toMatchObject({ phase: 'completed', weight: 100 });
      expect(rollout.measurements).toHaveLength(8);
      expect(
        rollout.measurements.filter(m => m.check === 'error-rate'),
      ).toEqual(
        Array(4).fill(
          expect.objectContaining({ phase: 'successful', value: 0.5 }),
        ),
      );
      expect(
        rollout.measurements.find(m => m.check === 'latency-p95'),
      ).toMatchObject({ canary: 140, baseline: 120, value: 20 });
      expect(await test.deployment(canary.id)).toMatchObject({
        state: 'succeeded',
      });
      expect((await test.prod()).current?.version).toBe('1.1.0');
    },
  );
});
