import { Config } from '@backstage/config';
import {
  MetricRequest,
  ReleaseTrainsMetricProvider,
} from '@release-trains/plugin-release-trains-node';
import { Ledger } from '../ledger/Ledger';
import { PrometheusProvider } from './PrometheusProvider';
import { renderQuery } from './queryTemplate';

/**
 * Judges what systems pushed (POST /deployments/{id}/health): the newest
 * report of the check received after the request's `since`; none is no data.
 */
export function pushMetricProvider(
  ledger: Ledger,
): ReleaseTrainsMetricProvider {
  return {
    id: 'push',
    async measure(request) {
      const report = await ledger.rollouts.latestHealthReport(
        request.deploymentId,
        request.check,
        new Date(request.since),
      );
      return { canary: report?.canary, baseline: report?.baseline };
    },
  };
}

/**
 * Asks Prometheus: the check's `query` for the new version, and its
 * `baselineQuery` (by default the same query with `{{version}}` the
 * baseline's) for the baseline. Checks that need no baseline (health
 * check, burn rate) ask once.
 */
export function prometheusMetricProvider(
  prometheus: PrometheusProvider,
): ReleaseTrainsMetricProvider {
  return {
    id: 'prometheus',
    async measure(request: MetricRequest) {
      const { settings } = request;
      const variables = {
        service: request.service,
        version: request.version,
        baselineVersion: request.baselineVersion ?? '',
        stage: request.stage,
      };
      const canary = await prometheus.query(
        renderQuery(String(settings.query), variables),
      );
      if (request.check !== 'error-rate' && request.check !== 'latency-p95') {
        return { canary };
      }
      const baseline = await prometheus.query(
        renderQuery(String(settings.baselineQuery ?? settings.query), {
          ...variables,
          version: variables.baselineVersion,
        }),
      );
      return { canary, baseline };
    },
  };
}

/**
 * The metric providers: `push`, `prometheus` when
 * `releaseTrains.metricProviders.prometheus` says where it answers, and
 * those modules added. A stage naming any other fails start-up.
 */
export function metricProviders(
  ledger: Ledger,
  config: Config,
  added: Iterable<ReleaseTrainsMetricProvider>,
): Map<string, ReleaseTrainsMetricProvider> {
  const providers = new Map<string, ReleaseTrainsMetricProvider>([
    ['push', pushMetricProvider(ledger)],
  ]);
  const prometheus = config.getOptionalConfig(
    'releaseTrains.metricProviders.prometheus',
  );
  if (prometheus) {
    providers.set(
      'prometheus',
      prometheusMetricProvider(
        new PrometheusProvider({
          baseUrl: prometheus.getString('baseUrl'),
          timeoutMs: prometheus.getOptionalNumber('timeoutMs'),
        }),
      ),
    );
  }
  for (const provider of added) {
    if (providers.has(provider.id)) {
      throw new Error(
        `A release-trains metric provider with id '${provider.id}' is already registered`,
      );
    }
    providers.set(provider.id, provider);
  }
  return providers;
}
