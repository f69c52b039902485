import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

/** One deployment at a time into a stage. */
export function inFlightGate({ inFlight, stage }: PromotionFacts): GateVerdict {
  return inFlight
    ? {
        gate: 'in-flight',
        passed: false,
        reason: `Deployment ${inFlight.id} of ${inFlight.version} is already in flight into ${stage.name}`,
      }
    : { gate: 'in-flight', passed: true, reason: 'Nothing in flight' };
}
