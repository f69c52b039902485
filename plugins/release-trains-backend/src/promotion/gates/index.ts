import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { approvalsGate } from './approvals';
import { dependenciesGate } from './dependencies';
import { PromotionFacts } from './facts';
import { freezeGate } from './freeze';
import { holdGate } from './hold';
import { inFlightGate } from './inFlight';
import { orderGate } from './order';
import { previousStageHealthGate } from './previousStageHealth';
import { rehearsalGate } from './rehearsal';
import { soakGate } from './soak';
import { windowGate } from './windows';

export type { PromotionFacts } from './facts';
export { holdGate } from './hold';

/**
 * Every gate's verdict on a version entering a stage, in the order they are
 * shown: the pipeline's own (order, hold, in flight), the stage's
 * configured gates, then approvals, which never block the request itself.
 */
export function checkGates(facts: PromotionFacts): GateVerdict[] {
  return [
    orderGate(facts),
    holdGate(facts),
    inFlightGate(facts),
    soakGate(facts),
    windowGate(facts),
    freezeGate(facts),
    dependenciesGate(facts),
    previousStageHealthGate(facts),
    rehearsalGate(facts),
    approvalsGate(facts),
  ];
}

/** Whether the verdicts let the request in: all pass but approvals. */
export function blockingGates(gates: GateVerdict[]): GateVerdict[] {
  return gates.filter(gate => !gate.passed && gate.gate !== 'approvals');
}
