import { GateVerdict } from '@internal/backstage-plugin-release-trains-common';
import semver from 'semver';
import { PromotionFacts } from './facts';

/** Whether `version` satisfies `range`, pre-releases included. */
export function satisfiesRange(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}

/** Every service this one requires must run a satisfying version in the stage. */
export function dependenciesGate(facts: PromotionFacts): GateVerdict {
  const requirements = Object.entries(facts.requires);
  if (!facts.stage.gates.dependencies || requirements.length === 0) {
    return {
      gate: 'dependencies',
      passed: true,
      reason: 'No version requirements',
    };
  }
  const problems = requirements.flatMap(([service, range]) => {
    if (semver.validRange(range) === null) {
      return [`${service}: '${range}' is not a valid semver range`];
    }
    const running = facts.runningInStage.get(service);
    if (!running) {
      return [`${service} ${range} required; ${facts.stage.name} runs none`];
    }
    if (semver.valid(running) === null) {
      return [
        `${service} ${range} required; ${running} is not a semver version`,
      ];
    }
    return satisfiesRange(running, range)
      ? []
      : [`${service} ${range} required; ${facts.stage.name} runs ${running}`];
  });
  return problems.length === 0
    ? {
        gate: 'dependencies',
        passed: true,
        reason: `${requirements.length} requirement(s) met in ${facts.stage.name}`,
      }
    : { gate: 'dependencies', passed: false, reason: problems.join('; ') };
}
