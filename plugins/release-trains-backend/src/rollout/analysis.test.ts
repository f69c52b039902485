import {
  AnalysisLimits,
  assessMetric,
  assessStep,
  DEFAULT_ANALYSIS_LIMITS,
  Measurement,
} from './analysis';
import { DEFAULT_HEALTH_CHECKS, HealthCheck, judge } from './healthChecks';

const limits: AnalysisLimits = { ...DEFAULT_ANALYSIS_LIMITS, count: 3 };

const good = (at: number): Measurement => ({
  phase: 'successful',
  at,
  value: 0.2,
});
const bad = (at: number): Measurement => ({ phase: 'failed', at, value: 2 });
const noData = (at: number): Measurement => ({
  phase: 'inconclusive',
  at,
  reason: 'error-rate: no canary value',
});
const down = (at: number): Measurement => ({
  phase: 'error',
  at,
  reason: 'connect ECONNREFUSED',
});

describe('assessMetric', () => {
  it('runs until the count is reached, then passes', () => {
    expect(assessMetric([], limits)).toEqual({ phase: 'running', taken: 0 });
    expect(assessMetric([good(1), good(2)], limits)).toEqual({
      phase: 'running',
      taken: 2,
    });
    expect(assessMetric([good(1), good(2), good(3)], limits)).toEqual({
      phase: 'successful',
      taken: 3,
    });
  });

  it('fails at the first failure beyond the limit, before the count', () => {
    expect(assessMetric([good(1), bad(2)], limits)).toEqual({
      phase: 'failed',
      taken: 2,
      failures: 1,
    });
    const tolerant = { ...limits, failureLimit: 1 };
    expect(assessMetric([bad(1), good(2), good(3)], tolerant).phase).toBe(
      'successful',
    );
    expect(assessMetric([bad(1), good(2), bad(3)], tolerant)).toEqual({
      phase: 'failed',
      taken: 3,
      failures: 2,
    });
  });

  it('asks a person when there is nothing to judge, neither passing nor failing', () => {
    expect(assessMetric([good(1), noData(2), good(3)], limits)).toEqual({
      phase: 'inconclusive',
      taken: 2,
      reason: 'error-rate: no canary value',
    });
    const tolerant = { ...limits, inconclusiveLimit: 1 };
    expect(assessMetric([good(1), noData(2), good(3)], tolerant).phase).toBe(
      'successful',
    );
  });

  it('tolerates a provider that blinks, not one that stays down', () => {
    const blinking = [good(1), down(2), down(3), good(4), down(5), good(6)];
    expect(assessMetric(blinking, limits)).toEqual({
      phase: 'successful',
      taken: 3,
    });
    const fourDown = [good(1), down(2), down(3), down(4), down(5)];
    expect(assessMetric(fourDown, limits)).toEqual({
      phase: 'running',
      taken: 1,
    });
    expect(assessMetric([...fourDown, down(6)], limits)).toEqual({
      phase: 'inconclusive',
      taken: 1,
      reason: '5 errors in a row: connect ECONNREFUSED',
    });
  });

  it('lets a failure decide before a later run of errors', () => {
    expect(
      assessMetric(
        [bad(1), down(2), down(3), down(4), down(5), down(6)],
        limits,
      ).phase,
    ).toBe('failed');
  });
});

describe('assessStep', () => {
  it('fails with any metric failed, pauses with any inconclusive, passes when all passed', () => {
    const passed = { phase: 'successful', taken: 3 } as const;
    const running = { phase: 'running', taken: 1 } as const;
    const failed = { phase: 'failed', taken: 2, failures: 1 } as const;
    const unsure = { phase: 'inconclusive', taken: 1, reason: 'NaN' } as const;
    expect(assessStep([passed, passed])).toBe('successful');
    expect(assessStep([passed, running])).toBe('running');
    expect(assessStep([unsure, running])).toBe('inconclusive');
    expect(assessStep([unsure, failed])).toBe('failed');
  });
});

describe('judge, the default health checks', () => {
  const check = (kind: HealthCheck['kind']) =>
    DEFAULT_HEALTH_CHECKS.find(c => c.kind === kind)!;

  it.each([
    // canary, baseline, phase: more than 1 percentage point above fails
    [0.031, 0.021, 'successful', 1],
    [0.0311, 0.021, 'failed', 1.01],
    [0.042, 0.021, 'failed', 2.1],
    [0.026, 0.021, 'successful', 0.5],
    [0.01, 0.021, 'successful', -1.1],
  ] as const)(
    'error rate %p against a baseline of %p: %s (%p points)',
    (canary, baseline, phase, points) => {
      expect(judge(check('error-rate'), { canary, baseline }, 1)).toEqual({
        phase,
        at: 1,
        value: points,
      });
    },
  );

  it.each([
    [740, 240, 'successful', 500],
    [741, 240, 'failed', 501],
    [260, 240, 'successful', 20],
  ] as const)(
    'p95 latency %p ms against %p ms: %s',
    (canary, baseline, phase, ms) => {
      expect(judge(check('latency-p95'), { canary, baseline }, 1)).toEqual({
        phase,
        at: 1,
        value: ms,
      });
    },
  );

  it('fails a failing health check and a budget burning too fast', () => {
    expect(judge(check('health-check'), { canary: 1 }, 1).phase).toBe(
      'successful',
    );
    expect(judge(check('health-check'), { canary: 0 }, 1).phase).toBe('failed');
    expect(judge(check('burn-rate'), { canary: 14.4 }, 1).phase).toBe(
      'successful',
    );
    expect(judge(check('burn-rate'), { canary: 15 }, 1).phase).toBe('failed');
  });

  it('is inconclusive without a value to compare, never a pass', () => {
    expect(judge(check('error-rate'), { baseline: 0.02 }, 1)).toEqual({
      phase: 'inconclusive',
      at: 1,
      reason: 'error-rate: no canary value',
    });
    expect(judge(check('latency-p95'), { canary: 900 }, 1)).toEqual({
      phase: 'inconclusive',
      at: 1,
      reason: 'latency-p95: no baseline value',
    });
    expect(
      judge(check('error-rate'), { canary: NaN, baseline: 0.02 }, 1).phase,
    ).toBe('inconclusive');
    expect(judge(check('burn-rate'), { canary: Infinity }, 1).phase).toBe(
      'inconclusive',
    );
  });
});
