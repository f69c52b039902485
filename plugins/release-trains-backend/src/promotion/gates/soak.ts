import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/** The version must have run long enough in the stage before. */
export function soakGate(facts: PromotionFacts): GateVerdict {
  const { soakMinutes } = facts.stage.gates;
  if (soakMinutes === 0 || !facts.previousStage) {
    return { gate: 'soak', passed: true, reason: 'No soak time required' };
  }
  const since = facts.runningInPreviousStageSince;
  if (!since) {
    return {
      gate: 'soak',
      passed: false,
      reason: `${facts.version} does not run in ${facts.previousStage.name}, so it cannot soak there for ${soakMinutes} min`,
    };
  }
  const soakedMinutes = Math.floor(
    (facts.now.getTime() - since.getTime()) / 60_000,
  );
  return soakedMinutes >= soakMinutes
    ? {
        gate: 'soak',
        passed: true,
        reason: `Ran ${soakedMinutes} min in ${facts.previousStage.name} (${soakMinutes} required)`,
      }
    : {
        gate: 'soak',
        passed: false,
        reason: `Has run ${soakedMinutes} min in ${
          facts.previousStage.name
        }; ${soakMinutes} required (${soakMinutes - soakedMinutes} to go)`,
      };
}
