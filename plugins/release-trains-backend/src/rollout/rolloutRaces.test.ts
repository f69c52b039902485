import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  ana,
  createRolloutTestWithBaseline,
  healthy,
  rolloutService,
  SteppingDeployer,
} from '../__testUtils__/rollouts';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';

jest.setTimeout(60_000);

const canary = (extra: object = {}) =>
  rolloutService({
    strategy: 'canary',
    steps: [{ setWeight: 10 }, { analysis: {} }],
    analysis: { interval: '30s', count: 2 },
    ...extra,
  });

/** Bad days for a roll-out: people and ticks at once, deadlines, lost numbers. */
describe('roll-outs on a bad day', () => {
  const databases = createLedgerTestDatabases();

  const withBaseline = (
    databaseId: TestDatabaseId,
    service: ReleaseService = canary(),
    deployer = new SteppingDeployer(),
  ) => createRolloutTestWithBaseline(databases, databaseId, service, deployer);

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('a person aborts while a tick shifts traffic: the traffic ends on the baseline', async () => {
      const test = await withBaseline(databaseId);
      const moving = await test.promote('1.1.0');
      const shift = test.deployer.rollout.setWeight;
      test.deployer.rollout.setWeight = async (request, weight) => {
        // The person's abort lands while the deployer shifts the traffic.
        await test.rollouts.abort(test.service, moving.id, {
          reason: 'looks wrong',
          requestedBy: ana,
        });
        await shift(request, weight);
      };
      await test.rollouts.stepper.tick();
      expect(test.deployer.calls.slice(-4)).toEqual([
        '1.1.0 abort',
        'start rollback 1.0.0',
        '1.1.0 weight 10',
        '1.1.0 abort',
      ]);
      expect(await test.details(moving.id)).toMatchObject({
        phase: 'aborted',
        weight: 0,
      });
    });

    it('an abort that loses to the end of the roll-out takes no traffic away', async () => {
      const test = await withBaseline(
        databaseId,
        canary({ analysis: { interval: '30s', count: 1 } }),
      );
      const moving = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(moving.id, healthy());
      await test.rollouts.stepper.tick();
      const calls = [...test.deployer.calls];
      await expect(
        test.rollouts.abort(test.service, moving.id, {
          reason: 'too late',
          requestedBy: ana,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect(test.deployer.calls).toEqual(calls);
      expect((await test.prod()).current?.version).toBe('1.1.0');
    });

    it('a paused roll-out past its deadline is closed: no traffic left on the canary', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'canary',
          steps: [{ setWeight: 30 }, { pause: 'manual' }],
        }),
      );
      const waiting = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      expect((await test.details(waiting.id)).phase).toBe('paused');
      // Nobody decides within approvalExpiryHours (24 h).
      test.pass(25 * 3600);
      await test.engine.runner.reconcile();
      expect((await test.deployment(waiting.id)).state).toBe('failed');
      await test.rollouts.stepper.tick();
      expect(await test.details(waiting.id)).toMatchObject({
        phase: 'aborted',
        weight: 0,
        abortReason: 'The deployment failed before its roll-out finished',
      });
      expect(test.deployer.calls.slice(-1)).toEqual(['1.1.0 abort']);
    });

    it('one pushed report counts once: without fresh numbers the next measurement is no data', async () => {
      const test = await withBaseline(
        databaseId,
        canary({ analysis: { interval: '30s', count: 3, failureLimit: 1 } }),
      );
      const moving = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(moving.id, healthy(0.05));
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.rollouts.stepper.tick();
      const rollout = await test.details(moving.id);
      // One failure within the limit, then nothing new: a person decides.
      expect(rollout.phase).toBe('paused');
      expect(
        rollout.measurements
          .filter(m => m.check === 'error-rate')
          .map(m => m.phase),
      ).toEqual(['failed', 'inconclusive']);
    });

    it('times the breach from its first failed measurement', async () => {
      const test = await withBaseline(
        databaseId,
        canary({ analysis: { interval: '30s', count: 5, failureLimit: 1 } }),
      );
      const bad = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      for (let i = 0; i < 2; i++) {
        test.pass(30);
        await test.push(bad.id, healthy(0.04));
        await test.rollouts.stepper.tick();
      }
      const rollout = await test.details(bad.id);
      expect(rollout.phase).toBe('aborted');
      expect(rollout.breachedAt).toBe(rollout.measurements[0].measuredAt);
      expect(rollout.breachToRollbackMs).toBe(30_000);
    });

    it('a long reason is cut to fit, not refused after the traffic moved', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'canary',
          steps: [{ setWeight: 30 }, { pause: 'manual' }],
        }),
      );
      const waiting = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      const aborted = await test.rollouts.abort(test.service, waiting.id, {
        reason: 'x'.repeat(1000),
        requestedBy: 'user:default/a-person-with-a-rather-long-name',
      });
      expect(aborted.phase).toBe('aborted');
      const deployment = await test.deployment(waiting.id);
      expect(deployment.reason!.length).toBeLessThanOrEqual(1024);
    });

    it('without fast track, a rollback that fails its analysis is held, not rolled back again', async () => {
      const test = await withBaseline(
        databaseId,
        canary({
          fastTrackRollback: false,
          analysis: { interval: '30s', count: 1 },
        }),
      );
      const next = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(next.id, healthy());
      await test.rollouts.stepper.tick();
      const rollback = await test.engine.promotions.rollback(test.service, {
        stage: 'prod',
        reason: 'customers complain',
        requestedBy: ana,
      });
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(rollback.id, healthy(0.05));
      await test.rollouts.stepper.tick();
      expect(await test.details(rollback.id)).toMatchObject({
        phase: 'aborted',
      });
      expect(
        (await test.details(rollback.id)).rollbackDeploymentId,
      ).toBeUndefined();
      const prod = await test.prod();
      expect(prod.current?.version).toBe('1.1.0');
      expect(prod.inFlight).toBeUndefined();
      expect(prod.hold?.reason).toMatch(/^Analysis failed: error-rate/);
    });

    it('an abort’s rollback goes straight back, even without fast track', async () => {
      const test = await withBaseline(
        databaseId,
        canary({ fastTrackRollback: false }),
      );
      const moving = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      await test.rollouts.abort(test.service, moving.id, {
        reason: 'wrong build',
        requestedBy: ana,
      });
      expect(test.deployer.calls.slice(-1)).toEqual(['start rollback 1.0.0']);
    });

    it('a deployer that cannot tell while bringing the canary up leaves the roll-out to a person', async () => {
      const test = await withBaseline(databaseId);
      test.deployer.up = { state: 'unknown', message: 'API timed out' };
      const moving = await test.promote('1.1.0');
      expect((await test.deployment(moving.id)).state).toBe('unknown');
      expect((await test.details(moving.id)).phase).toBe('deploying');
      test.deployer.up = { state: 'succeeded' };
      await test.engine.promotions.resolve(test.service, moving.id, {
        action: 'retry-status',
        reason: 'the API is back',
        resolvedBy: ana,
      });
      await test.engine.runner.reconcile();
      expect((await test.details(moving.id)).phase).toBe('stepping');
    });

    it('refuses pushed numbers it could not judge', async () => {
      const test = await withBaseline(databaseId);
      const moving = await test.promote('1.1.0');
      await expect(
        test.push(moving.id, [{ check: 'error-rate' }]),
      ).rejects.toThrow("give the canary's value, the baseline's, or both");
      await expect(
        test.push(moving.id, [{ check: 'error-rate', canary: 2.7 }]),
      ).rejects.toThrow('an error rate is a fraction, 0 to 1');
      await expect(
        test.push(moving.id, [{ check: 'latency-p95', canary: -1 }]),
      ).rejects.toThrow('a latency is milliseconds, 0 or more');
    });
  });
});
