import { DEPLOYMENT_STATES } from '@release-trains/plugin-release-trains-common';
import { assertTransition, canTransition, isFinished } from './stateMachine';

describe('deployment state machine', () => {
  it('follows pending → awaiting-approval → in-progress → succeeded → rolled-back', () => {
    expect(canTransition('pending', 'awaiting-approval')).toBe(true);
    expect(canTransition('awaiting-approval', 'in-progress')).toBe(true);
    expect(canTransition('in-progress', 'succeeded')).toBe(true);
    expect(canTransition('succeeded', 'rolled-back')).toBe(true);
  });

  it('never leaves failed, rolled-back or cancelled, and never goes back', () => {
    for (const to of DEPLOYMENT_STATES) {
      expect(canTransition('failed', to)).toBe(false);
      expect(canTransition('rolled-back', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(canTransition('succeeded', 'in-progress')).toBe(false);
    expect(canTransition('in-progress', 'pending')).toBe(false);
    expect(canTransition('succeeded', 'failed')).toBe(false);
  });

  it('names both states when refusing', () => {
    expect(() => assertTransition('d-1', 'failed', 'succeeded')).toThrow(
      'Deployment d-1 is failed and cannot become succeeded',
    );
  });

  it('knows which states are finished', () => {
    expect(DEPLOYMENT_STATES.filter(isFinished)).toEqual([
      'succeeded',
      'failed',
      'rolled-back',
      'cancelled',
    ]);
  });
});
