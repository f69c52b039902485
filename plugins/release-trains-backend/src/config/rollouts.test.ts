import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readPipelines } from './pipelines';

const ERROR_RATE_QUERY =
  'sum(rate(http_requests_total{service="{{service}}",version="{{version}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="{{service}}",version="{{version}}"}[1m]))';

/** The rollout of the one stage of a pipeline configured with it. */
function rolloutOf(
  rollout: JsonObject,
  providers: Set<string> = new Set(['push', 'prometheus']),
) {
  const pipelines = readPipelines(
    new ConfigReader({
      releaseTrains: {
        pipelines: { web: { stages: [{ name: 'prod', rollout }] } },
      },
    }),
    providers,
  );
  return pipelines.get('web')!.stages[0].rollout;
}

const key = 'releaseTrains.pipelines.web.stages[0].rollout';

describe('a stage’s roll-out configuration', () => {
  it('rolls out all at once when nothing is configured', () => {
    const [stage] = readPipelines(new ConfigReader({})).get('default')!.stages;
    expect(stage.rollout).toEqual({ strategy: 'rolling' });
  });

  it('reads canary steps, durations and checks with their thresholds', () => {
    expect(
      rolloutOf({
        strategy: 'canary',
        steps: [
          { setWeight: 10 },
          { pause: '5m' },
          { analysis: {} },
          { setWeight: 50 },
          { pause: 'manual' },
          { pause: 90 },
        ],
        analysis: {
          provider: 'prometheus',
          interval: '1m',
          count: 5,
          failureLimit: 2,
          checks: [
            {
              kind: 'error-rate',
              maxIncreasePoints: 0.5,
              query: ERROR_RATE_QUERY,
            },
            {
              kind: 'burn-rate',
              query: 'slo:burn_rate:1h{service="{{service}}"}',
            },
          ],
        },
        fastTrackRollback: false,
      }),
    ).toEqual({
      strategy: 'canary',
      steps: [
        { kind: 'set-weight', weight: 10 },
        { kind: 'pause', seconds: 300 },
        { kind: 'analysis' },
        { kind: 'set-weight', weight: 50 },
        { kind: 'pause' },
        { kind: 'pause', seconds: 90 },
      ],
      analysis: {
        provider: 'prometheus',
        intervalSeconds: 60,
        count: 5,
        failureLimit: 2,
        inconclusiveLimit: 0,
        consecutiveErrorLimit: 4,
        checks: [
          {
            kind: 'error-rate',
            maxIncreasePoints: 0.5,
            settings: expect.objectContaining({ query: ERROR_RATE_QUERY }),
          },
          {
            kind: 'burn-rate',
            max: 14.4,
            settings: expect.objectContaining({ kind: 'burn-rate' }),
          },
        ],
      },
      keepPreviousMinutes: 30,
      fastTrackRollback: false,
    });
  });

  it('defaults: canary 10 % then 50 % with analyses, the seeds’ four triggers, pushed numbers', () => {
    const rollout = rolloutOf({ strategy: 'canary' });
    expect(rollout).toMatchObject({
      steps: [
        { kind: 'set-weight', weight: 10 },
        { kind: 'analysis' },
        { kind: 'set-weight', weight: 50 },
        { kind: 'analysis' },
      ],
      analysis: { provider: 'push', intervalSeconds: 30, count: 3 },
      fastTrackRollback: true,
    });
    expect(
      rollout.strategy !== 'rolling' &&
        rollout.analysis.checks.map(({ settings, ...check }) => check),
    ).toEqual([
      { kind: 'error-rate', maxIncreasePoints: 1 },
      { kind: 'latency-p95', maxIncreaseMs: 500 },
      { kind: 'health-check' },
      { kind: 'burn-rate', max: 14.4 },
    ]);
  });

  it('blue-green analyses the idle colour once, keeping the old one as configured', () => {
    expect(
      rolloutOf({ strategy: 'blue-green', keepPreviousMinutes: 45 }),
    ).toMatchObject({
      strategy: 'blue-green',
      steps: [{ kind: 'analysis' }],
      keepPreviousMinutes: 45,
    });
  });

  it.each<[string, JsonObject, string]>([
    [
      'an unknown strategy',
      { strategy: 'linear' },
      `${key}.strategy: 'linear' is not a strategy; use rolling, canary or blue-green`,
    ],
    [
      'a weight over 100',
      { strategy: 'canary', steps: [{ setWeight: 120 }] },
      `${key}.steps[0].setWeight must be a whole percentage, 0 to 100`,
    ],
    [
      'a fractional weight',
      { strategy: 'canary', steps: [{ setWeight: 12.5 }] },
      `${key}.steps[0].setWeight must be a whole percentage, 0 to 100`,
    ],
    [
      'an unknown step',
      { strategy: 'canary', steps: [{ wait: '5m' }] },
      `${key}.steps[0]: unknown step 'wait'; use setWeight, pause or analysis`,
    ],
    [
      'two things in one step',
      { strategy: 'canary', steps: [{ setWeight: 5, pause: '1m' }] },
      `${key}.steps[0] must be one of setWeight, pause or analysis (found setWeight, pause)`,
    ],
    [
      'a bad duration',
      { strategy: 'canary', steps: [{ pause: '5 minutes' }] },
      `${key}.steps[0].pause: '5 minutes' is not a duration; use seconds or e.g. 30s, 5m, 1h`,
    ],
    [
      'a zero interval',
      { strategy: 'canary', analysis: { interval: 0 } },
      `${key}.analysis.interval: '0' is not a duration; use seconds or e.g. 30s, 5m, 1h`,
    ],
    [
      'no steps',
      { strategy: 'canary', steps: [] },
      `${key}.steps must list at least one step`,
    ],
    [
      'steps for blue-green',
      { strategy: 'blue-green', steps: [{ setWeight: 5 }] },
      `${key}.steps: a blue-green roll-out has no steps (it analyses the idle colour, then switches)`,
    ],
    [
      'a count of 0',
      { strategy: 'canary', analysis: { count: 0 } },
      `${key}.analysis.count must be a whole number, 1 or more`,
    ],
    [
      'a negative failure limit',
      { strategy: 'canary', analysis: { failureLimit: -1 } },
      `${key}.analysis.failureLimit must be a whole number, 0 or more`,
    ],
    [
      'an unknown check',
      { strategy: 'canary', analysis: { checks: [{ kind: 'cpu' }] } },
      `${key}.analysis.checks[0].kind: 'cpu' is not a check; use error-rate, latency-p95, health-check, burn-rate`,
    ],
    [
      'a negative threshold',
      {
        strategy: 'canary',
        analysis: { checks: [{ kind: 'latency-p95', maxIncreaseMs: -5 }] },
      },
      `${key}.analysis.checks[0].maxIncreaseMs must not be negative`,
    ],
    [
      'Prometheus without checks',
      { strategy: 'canary', analysis: { provider: 'prometheus' } },
      `${key}.analysis.checks: list the checks with their Prometheus query templates`,
    ],
    [
      'a Prometheus check without a query',
      {
        strategy: 'canary',
        analysis: {
          provider: 'prometheus',
          checks: [{ kind: 'health-check' }],
        },
      },
      `${key}.analysis.checks[0].query: Prometheus needs a query template`,
    ],
    [
      'an unknown placeholder',
      {
        strategy: 'canary',
        analysis: {
          provider: 'prometheus',
          checks: [{ kind: 'health-check', query: 'up{job="{{servcie}}"}' }],
        },
      },
      `${key}.analysis.checks[0].query: unknown placeholder {{servcie}}; use {{service}}, {{version}}, {{baselineVersion}}, {{stage}}`,
    ],
    [
      'an unknown provider',
      { strategy: 'canary', analysis: { provider: 'datadog' } },
      `${key}.analysis.provider: 'datadog' is not a metric provider (installed: push, prometheus)`,
    ],
  ])('fails start-up on %s, naming the key', (_, rollout, message) => {
    expect(() => rolloutOf(rollout)).toThrow(message);
  });

  it('refuses Prometheus when it is not configured (not among the providers)', () => {
    expect(() =>
      rolloutOf(
        {
          strategy: 'canary',
          analysis: {
            provider: 'prometheus',
            checks: [{ kind: 'health-check', query: 'up' }],
          },
        },
        new Set(['push']),
      ),
    ).toThrow(
      `${key}.analysis.provider: 'prometheus' is not a metric provider (installed: push)`,
    );
  });
});
