import { GateVerdict } from '@release-trains/plugin-release-trains-common';
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
  if (unmet.length === 0) {
    return {
      gate: 'dependencies',
      passed: true,
      reason: `${requirements.length} requirement(s) met in ${facts.stage.name}`,
    };
  }
  const hidden = facts.hiddenServices ?? new Set<string>();
  const described = unmet.filter(judged => !hidden.has(judged.service));
  const undescribed = unmet.length - described.length;
  return {
    gate: 'dependencies',
    passed: false,
    reason: [
      ...described.map(judged => judged.reason),
      ...(undescribed > 0
        ? [
            `${undescribed} required service(s) you may not see do not run a version in range in ${facts.stage.name}`,
          ]
        : []),
    ].join('; '),
    unmetRequirements: described.map(judged => judged.service),
  };
}
