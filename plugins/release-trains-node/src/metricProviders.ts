import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { HealthSample } from './deployers';

/**
 * What a metric provider is asked to measure: one check of a roll-out in
 * progress, comparing the new version with the baseline.
 *
 * @public
 */
export type MetricRequest = {
  deploymentId: string;
  /** Entity ref of the service. */
  service: string;
  stage: string;
  version: string;
  baselineVersion?: string;
  check: HealthSample['check'];
  /**
   * The check's settings in the stage's analysis configuration, e.g. the
   * query templates for Prometheus.
   */
  settings: JsonObject;
  /**
   * ISO 8601: data from then or before does not count — from before the
   * analysis step began, or that its previous measurement took.
   */
  since: string;
};

/**
 * Reads a roll-out's health from a monitoring system. A value it cannot
 * find is left out (no data: the measurement is inconclusive); a system it
 * cannot reach throws (an error, which the analysis tolerates a few times
 * in a row).
 *
 * @public
 */
export interface ReleaseTrainsMetricProvider {
  /** Unique id, referenced from `rollout.analysis.provider` of a stage. */
  readonly id: string;
  measure(
    request: MetricRequest,
  ): Promise<Pick<HealthSample, 'canary' | 'baseline'>>;
}

/**
 * Lets backend modules add metric providers for health analysis, besides
 * the built-in `prometheus` and `push`.
 *
 * @public
 */
export interface ReleaseTrainsMetricProviderExtensionPoint {
  addMetricProvider(provider: ReleaseTrainsMetricProvider): void;
}

/**
 * The extension point through which metric provider modules register.
 *
 * @public
 */
export const releaseTrainsMetricProviderExtensionPoint =
  createExtensionPoint<ReleaseTrainsMetricProviderExtensionPoint>({
    id: 'release-trains.metric-provider',
  });
