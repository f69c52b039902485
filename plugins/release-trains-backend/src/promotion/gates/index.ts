import { GateVerdict } from '@internal/backstage-plugin-release-trains-common';
import { dependenciesGate } from './dependencies';
import { PromotionFacts } from './facts';
import { freezeGate } from './freeze';
import { previousStageHealthGate } from './previousStageHealth';
import { soakGate } from './soak';
import { windowGate } from './windows';

export type { PromotionFacts } from './facts';

/**
 * The configurable gates of a stage, in the order they are shown. Approvals
 * are not among them: they are collected after the request is made.
 */
export function evaluateStageGates(facts: PromotionFacts): GateVerdict[] {
  return [
    soakGate(facts),
    windowGate(facts),
    freezeGate(facts),
    dependenciesGate(facts),
    previousStageHealthGate(facts),
  ];
}
