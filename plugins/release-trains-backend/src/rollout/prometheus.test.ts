import {
  prometheusInstalled,
  startExporter,
  startPrometheus,
} from '../__testUtils__/prometheus';
import { DEFAULT_HEALTH_CHECKS, judge } from './healthChecks';
import { PrometheusProvider } from './PrometheusProvider';
import { renderQuery } from './queryTemplate';

jest.setTimeout(90_000);

if (!prometheusInstalled() && process.env.CI) {
  throw new Error(
    "CI is set but Prometheus is not installed: run 'apt-get install -y prometheus' (scripts/dev.sh test does)",
  );
}
const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

const errorRate = DEFAULT_HEALTH_CHECKS.find(c => c.kind === 'error-rate')!;
const query =
  'sum(release_error_ratio{service="{{service}}",version="{{version}}"})';
const rollout = {
  service: 'component:default/payments',
  version: '1.4.0',
  baselineVersion: '1.3.2',
  stage: 'prod',
};
const series = (version: string) =>
  `release_error_ratio{service="component:default/payments",version="${version}"}`;

describeWithPrometheus(
  'Prometheus as a metric provider (a real server)',
  () => {
    let exporter: Awaited<ReturnType<typeof startExporter>>;
    let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
    let provider: PrometheusProvider;

    beforeAll(async () => {
      exporter = await startExporter();
      exporter.set(series('1.3.2'), 0.021);
      exporter.set(series('1.4.0'), 0.042);
      prometheus = await startPrometheus([exporter.target]);
      provider = new PrometheusProvider({ baseUrl: prometheus.url });
    });

    afterAll(async () => {
      await prometheus?.stop();
      await exporter?.stop();
    });

    /** The canary's and the baseline's error rates, once scraped as expected. */
    async function sample(expectedCanary: number) {
      const canaryQuery = renderQuery(query, rollout);
      const baselineQuery = renderQuery(query, {
        ...rollout,
        version: rollout.baselineVersion,
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const canary = await provider.query(canaryQuery);
        if (canary === expectedCanary || Date.now() > deadline) {
          return { canary, baseline: await provider.query(baselineQuery) };
        }
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }

    it('fails a canary whose error rate is 2 points above the baseline, passes one 0.5 above', async () => {
      expect(judge(errorRate, await sample(0.042), 1)).toEqual({
        phase: 'failed',
        at: 1,
        value: 2.1,
      });
      exporter.set(series('1.4.0'), 0.026);
      expect(judge(errorRate, await sample(0.026), 2)).toEqual({
        phase: 'successful',
        at: 2,
        value: 0.5,
      });
    });

    it('answers no data for a version nobody measured: inconclusive', async () => {
      const canary = await provider.query(
        renderQuery(query, { ...rollout, version: '9.9.9' }),
      );
      expect(canary).toBeUndefined();
      expect(judge(errorRate, { canary, baseline: 0.021 }, 1).phase).toBe(
        'inconclusive',
      );
    });

    it('reads scalars and NaN, and refuses several series or a bad query', async () => {
      await sample(0.026);
      expect(
        await provider.query(
          'scalar(sum(release_error_ratio{version="1.3.2"}))',
        ),
      ).toBe(0.021);
      expect(await provider.query('scalar(vector(0) / 0)')).toBeNaN();
      await expect(provider.query('release_error_ratio')).rejects.toThrow(
        'the query answered 2 series; aggregate them into one',
      );
      await expect(provider.query('sum(release_error_ratio')).rejects.toThrow(
        /Prometheus: bad_data/,
      );
    });

    it('throws when Prometheus cannot be reached: an error, not a measurement', async () => {
      const unreachable = new PrometheusProvider({
        baseUrl: 'http://127.0.0.1:9',
        timeoutMs: 2_000,
      });
      await expect(unreachable.query('vector(1)')).rejects.toThrow();
    });
  },
);
