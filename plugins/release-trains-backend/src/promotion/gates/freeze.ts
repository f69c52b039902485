import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { FreezePeriod } from '../../config/pipelines';
import { PromotionFacts } from './facts';
import { isInsideWindow } from './windows';

function isFrozen(freeze: FreezePeriod, now: Date): boolean {
  return 'cron' in freeze
    ? isInsideWindow(freeze, now)
    : Date.parse(freeze.start) <= now.getTime() &&
        now.getTime() < Date.parse(freeze.end);
}

/** Nothing enters a stage during one of its freezes. */
export function freezeGate(facts: PromotionFacts): GateVerdict {
  const freeze = facts.stage.gates.freezes.find(f => isFrozen(f, facts.now));
  return freeze
    ? {
        gate: 'freeze',
        passed: false,
        reason: `${facts.stage.name} is frozen: ${freeze.reason}${
          'end' in freeze ? ` (until ${freeze.end})` : ''
        }`,
      }
    : { gate: 'freeze', passed: true, reason: 'No freeze now' };
}
