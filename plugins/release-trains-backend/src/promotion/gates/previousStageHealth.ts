import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/** The stage before must not have failed its latest deployment. */
export function previousStageHealthGate(facts: PromotionFacts): GateVerdict {
  const latest = facts.previousStageLatest;
  if (!facts.stage.gates.healthyPreviousStage || !facts.previousStage) {
    return {
      gate: 'previous-stage-health',
      passed: true,
      reason: 'Not checked for this stage',
    };
  }
  return latest?.state === 'failed'
    ? {
        gate: 'previous-stage-health',
        passed: false,
        reason: `The latest deployment into ${facts.previousStage.name} (${
          latest.version
        }) failed${latest.reason ? `: ${latest.reason}` : ''}`,
      }
    : {
        gate: 'previous-stage-health',
        passed: true,
        reason: `${facts.previousStage.name} is healthy`,
      };
}
