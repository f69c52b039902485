import semver from 'semver';

/** What a stage says about one requirement of a service on another. */
export type RequirementVerdict = {
  verdict: 'satisfied' | 'violated' | 'unknown' | 'invalid';
  reason: string;
};

/**
 * Whether `stage`, running `running` of `service`, satisfies the `range`
 * another service requires of it. Pre-releases count inside a range; an
 * unreadable range or version is `invalid`, never an error.
 */
export function judgeRequirement(options: {
  service: string;
  range?: string;
  running?: string;
  stage: string;
}): RequirementVerdict {
  const { service, range, running, stage } = options;
  if (range === undefined) {
    return {
      verdict: 'unknown',
      reason: `No version requirement on ${service}`,
    };
  }
  if (semver.validRange(range) === null) {
    return {
      verdict: 'invalid',
      reason: `${service}: '${range}' is not a valid semver range`,
    };
  }
  if (!running) {
    return {
      verdict: 'violated',
      reason: `${service} ${range} required, ${stage} runs none`,
    };
  }
  if (semver.valid(running) === null) {
    return {
      verdict: 'invalid',
      reason: `${service} ${range} required, ${running} is not a semver version`,
    };
  }
  return semver.satisfies(running, range, { includePrerelease: true })
    ? {
        verdict: 'satisfied',
        reason: `${service} ${range} required, ${stage} runs ${running}`,
      }
    : {
        verdict: 'violated',
        reason: `${service} ${range} required, ${stage} runs ${running}`,
      };
}
