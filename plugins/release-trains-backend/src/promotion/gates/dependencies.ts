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
  const unmet = requirements
    .map(([service, range]) => ({
      service,
      ...judgeRequirement({
        service,
        range,
        running: facts.runningInStage.get(service),
        stage: facts.stage.name,
      }),
    }))
    .filter(judged => judged.verdict !== 'satisfied');
  return unmet.length === 0
    ? {
        gate: 'dependencies',
        passed: true,
        reason: `${requirements.length} requirement(s) met in ${facts.stage.name}`,
      }
    : {
        gate: 'dependencies',
        passed: false,
        reason: unmet.map(judged => judged.reason).join('; '),
        unmetRequirements: unmet.map(judged => judged.service),
      };
}
