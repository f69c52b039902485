import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/**
 * Approvals are collected after the request is made, so this gate never
 * blocks the request: it says how many it will wait for.
 */
export function approvalsGate({ stage }: PromotionFacts): GateVerdict {
  const required = stage.gates.approvals;
  return required === 0
    ? { gate: 'approvals', passed: true, reason: 'No approvals required' }
    : {
        gate: 'approvals',
        passed: false,
        reason: `Needs ${required} approvals from people other than the requester`,
      };
}
