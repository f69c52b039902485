import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/** A held stage (after a rollback) takes only an explicit promotion, which releases it. */
export function holdGate({
  hold,
  automatic,
}: Pick<PromotionFacts, 'hold' | 'automatic'>): GateVerdict {
  if (!hold) {
    return { gate: 'hold', passed: true, reason: 'Not held' };
  }
  const held = `Held since ${hold.at} by ${hold.by}: ${hold.reason}`;
  return automatic
    ? {
        gate: 'hold',
        passed: false,
        reason: `${held}; promote explicitly to release it`,
      }
    : {
        gate: 'hold',
        passed: true,
        reason: `${held}; this promotion releases it`,
      };
}
