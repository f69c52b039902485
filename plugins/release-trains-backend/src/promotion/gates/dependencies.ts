import { GateVerdict } from '@internal/backstage-plugin-release-trains-common';
import { judgeRequirement } from '../../graph/requirementVerdict';
import { PromotionFacts } from './facts';

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
  const problems = requirements
    .map(([service, range]) =>
      judgeRequirement({
        service,
        range,
        running: facts.runningInStage.get(service),
        stage: facts.stage.name,
      }),
    )
    .filter(judged => judged.verdict !== 'satisfied')
    .map(judged => judged.reason);
  return problems.length === 0
    ? {
        gate: 'dependencies',
        passed: true,
        reason: `${requirements.length} requirement(s) met in ${facts.stage.name}`,
      }
    : { gate: 'dependencies', passed: false, reason: problems.join('; ') };
}
