import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/** The version must have passed the stage before, and be newer than what the stage runs. */
export function orderGate(facts: PromotionFacts): GateVerdict {
  const { version, stage, earlierStages, running } = facts;
  if (
    earlierStages.length > 0 &&
    !earlierStages.some(s => facts.reached.has(s.name))
  ) {
    return {
      gate: 'order',
      passed: false,
      reason: `${version} has not succeeded in ${earlierStages
        .map(s => s.name)
        .join(' or ')} yet`,
    };
  }
  if (running?.version === version) {
    return {
      gate: 'order',
      passed: false,
      reason: `${stage.name} already runs ${version}`,
    };
  }
  if (running?.builtAt && running.builtAt > facts.builtAt) {
    return {
      gate: 'order',
      passed: false,
      reason: `${version} is older than ${running.version}, which ${stage.name} runs; roll back instead`,
    };
  }
  return {
    gate: 'order',
    passed: true,
    reason: running
      ? `Newer than ${running.version}, which ${stage.name} runs`
      : `${stage.name} runs nothing yet`,
  };
}
