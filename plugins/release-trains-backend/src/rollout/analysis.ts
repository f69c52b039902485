/**
 * Health analysis of a roll-out step: how the measurements of one metric,
 * taken every `interval`, add up to a verdict. The semantics follow Argo
 * Rollouts' analysis (count, failure limit, consecutive errors), with one
 * difference the seeds ask for: a metric that cannot be told — no data, not
 * a number, a provider that keeps failing — is inconclusive, which pauses
 * the roll-out for a person, never passes or fails it.
 */

/** One measurement of a metric, as its check judged it. */
export type Measurement =
  | { phase: 'successful' | 'failed'; at: number; value: number }
  /** No value to judge: no data or not a number. */
  | { phase: 'inconclusive'; at: number; reason: string }
  /** The provider could not be asked (down, refused, timed out). */
  | { phase: 'error'; at: number; reason: string };

/** How many measurements a metric takes and how many misses it tolerates. */
export type AnalysisLimits = {
  /** Measurements to take; the metric passes once all are in and good. */
  count: number;
  /** Failed measurements tolerated; one more fails the metric. Default 0. */
  failureLimit: number;
  /** Inconclusive measurements tolerated; one more makes it inconclusive. Default 0. */
  inconclusiveLimit: number;
  /** Errors in a row tolerated (the provider may blink); one more makes it inconclusive. Default 4. */
  consecutiveErrorLimit: number;
};

export const DEFAULT_ANALYSIS_LIMITS: Omit<AnalysisLimits, 'count'> = {
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
};

/** Where a metric's analysis stands, and why. */
export type AnalysisVerdict =
  | { phase: 'running'; taken: number }
  | { phase: 'successful'; taken: number }
  | { phase: 'failed'; taken: number; failures: number }
  | {
      phase: 'inconclusive';
      taken: number;
      /** Why a person must decide: the last measurement's reason. */
      reason: string;
    };

/**
 * The verdict on a metric's measurements so far, oldest first. A failure
 * beyond the limit decides at once, before the count is reached; so does
 * an inconclusive measurement or a run of errors beyond theirs. Errors are
 * not measurements of the service: they count towards nothing but the run
 * of errors, and a good measurement ends the run.
 */
export function assessMetric(
  measurements: Measurement[],
  limits: AnalysisLimits,
): AnalysisVerdict {
  let failures = 0;
  let inconclusive = 0;
  let errorsInARow = 0;
  let taken = 0;
  for (const measurement of measurements) {
    if (measurement.phase === 'error') {
      errorsInARow++;
      if (errorsInARow > limits.consecutiveErrorLimit) {
        return {
          phase: 'inconclusive',
          taken,
          reason: `${errorsInARow} errors in a row: ${measurement.reason}`,
        };
      }
      continue;
    }
    errorsInARow = 0;
    taken++;
    if (measurement.phase === 'failed') failures++;
    if (measurement.phase === 'inconclusive') inconclusive++;
    if (failures > limits.failureLimit) {
      return { phase: 'failed', taken, failures };
    }
    if (inconclusive > limits.inconclusiveLimit) {
      return {
        phase: 'inconclusive',
        taken,
        reason: (measurement as { reason: string }).reason,
      };
    }
  }
  return taken >= limits.count
    ? { phase: 'successful', taken }
    : { phase: 'running', taken };
}

/**
 * The verdict on a step from its metrics' verdicts: any failed fails it,
 * else any inconclusive pauses it, else it passes once all passed.
 */
export function assessStep(
  verdicts: AnalysisVerdict[],
): AnalysisVerdict['phase'] {
  const phases = verdicts.map(verdict => verdict.phase);
  if (phases.includes('failed')) return 'failed';
  if (phases.includes('inconclusive')) return 'inconclusive';
  if (phases.every(phase => phase === 'successful')) return 'successful';
  return 'running';
}
