import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  createRolloutTestWithBaseline,
  healthy,
  rolloutService,
} from '../__testUtils__/rollouts';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const canary = rolloutService({
  strategy: 'canary',
  steps: [
    { setWeight: 10 },
    { analysis: {} },
    { setWeight: 50 },
    { analysis: {} },
  ],
  analysis: { interval: '30s', count: 2 },
});

describe('progressive roll-outs', () => {
  const databases = createLedgerTestDatabases();

  /** A test whose prod runs 1.0.0, the baseline of the next roll-out. */
  /** A test whose prod runs 1.0.0, the baseline of the next roll-out. */
  async function withBaseline(databaseId: TestDatabaseId, service = canary) {
    const test = await createRolloutTestWithBaseline(
      databases,
      databaseId,
      service,
    );
    expect(await test.deployment(test.first.id)).toMatchObject({
      state: 'succeeded',
    });
    return test;
  }

  it.each(databases.eachSupportedId())(
    'rolls the first version out all at once: nothing ran before to compare with (%p)',
    async databaseId => {
      const { details, first, deployer } = await withBaseline(databaseId);
      expect(await details(first.id)).toMatchObject({
        strategy: 'canary',
        runsAs: 'rolling',
        note: 'Nothing ran in prod before to compare with, so it rolls out all at once',
      });
      expect(deployer.calls).toEqual(['start promote 1.0.0']);
    },
  );

  it.each(databases.eachSupportedId())(
    'steps a healthy canary through its weights, measuring each interval, to all traffic (%p)',
    async databaseId => {
      const test = await withBaseline(databaseId);
      const { rollouts, deployer, push, pass } = test;
      const canaryDeployment = await test.promote('1.1.0');
      expect(canaryDeployment.state).toBe('in-progress');
      expect(await test.details(canaryDeployment.id)).toMatchObject({
        runsAs: 'canary',
        baselineVersion: '1.0.0',
        phase: 'stepping',
        stepIndex: 0,
      });

      await rollouts.stepper.tick();
      // Weight 10; the analysis measures once the weight has had an interval.
      expect(await test.details(canaryDeployment.id)).toMatchObject({
        stepIndex: 1,
        weight: 10,
        phase: 'stepping',
        measurements: [],
      });
      pass(30);
      await push(canaryDeployment.id, healthy());
      await rollouts.stepper.tick();
      expect(
        (await test.details(canaryDeployment.id)).measurements,
      ).toHaveLength(4);
      // Within the interval nothing is measured again.
      pass(10);
      await rollouts.stepper.tick();
      expect(
        (await test.details(canaryDeployment.id)).measurements,
      ).toHaveLength(4);

      pass(20);
      for (let i = 0; i < 3; i++) {
        await push(canaryDeployment.id, healthy());
        await rollouts.stepper.tick();
        pass(30);
      }
      const done = await test.details(canaryDeployment.id);
      expect(done).toMatchObject({ phase: 'completed', weight: 100 });
      expect(done.measurements).toHaveLength(16);
      expect(done.measurements.every(m => m.phase === 'successful')).toBe(true);
      expect(deployer.calls.slice(1)).toEqual([
        'start promote 1.1.0 canary from 1.0.0',
        '1.1.0 weight 10',
        '1.1.0 weight 50',
        '1.1.0 weight 100',
      ]);
      expect(await test.deployment(canaryDeployment.id)).toMatchObject({
        state: 'succeeded',
      });
      expect((await test.prod()).current?.version).toBe('1.1.0');
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls back by itself when the error rate rises 2 points over the baseline: hold, reason, owner told (%p)',
    async databaseId => {
      const test = await withBaseline(databaseId);
      const { rollouts, deployer, push, told } = test;
      const bad = await test.promote('1.1.0');
      await rollouts.stepper.tick();
      test.pass(30);
      await push(bad.id, healthy(0.025));
      await rollouts.stepper.tick();

      const rollout = await test.details(bad.id);
      // Aborted at weight 10: all traffic back on the baseline.
      expect(rollout).toMatchObject({ phase: 'aborted', weight: 0 });
      expect(rollout.abortReason).toBe(
        'Analysis failed: error-rate: canary 2.50 %, baseline 0.50 % (+2 pp, limit 1 pp); 1 of 1 measurements failed',
      );
      expect(rollout.breachToRollbackMs).toBe(0);
      expect(await test.deployment(bad.id)).toMatchObject({
        state: 'failed',
        reason: rollout.abortReason,
      });
      const rollback = await test.deployment(rollout.rollbackDeploymentId!);
      expect(rollback).toMatchObject({
        kind: 'rollback',
        version: '1.0.0',
        state: 'succeeded',
        createdBy: 'rollout:analysis',
        reason: `Roll-out of 1.1.0 aborted: ${rollout.abortReason}`,
      });
      const prod = await test.prod();
      expect(prod.current?.version).toBe('1.0.0');
      expect(prod.hold).toMatchObject({
        by: 'rollout:analysis',
        reason: rollout.abortReason,
      });
      // The version it went back to was not itself rolled back.
      expect(await test.deployment(test.first.id)).toMatchObject({
        state: 'succeeded',
      });
      expect(deployer.calls.slice(1)).toEqual([
        'start promote 1.1.0 canary from 1.0.0',
        '1.1.0 weight 10',
        '1.1.0 abort',
        'start rollback 1.0.0',
      ]);
      expect(told).toEqual([
        'owner: promote 1.1.0 failed',
        'owner: rollback 1.0.0 succeeded',
      ]);
      // The hold keeps trains out until a person promotes again.
      await expect(
        test.engine.promotions.promote(canary, {
          version: '1.1.0',
          requestedBy: 'train:express',
          automatic: true,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'tolerates failures up to the limit: the next failed measurement rolls back (%p)',
    async databaseId => {
      const service = rolloutService({
        strategy: 'canary',
        steps: [{ setWeight: 20 }, { analysis: {} }],
        analysis: { interval: '30s', count: 5, failureLimit: 1 },
      });
      const test = await withBaseline(databaseId, service);
      const bad = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(bad.id, healthy(0.03));
      await test.rollouts.stepper.tick();
      expect((await test.details(bad.id)).phase).toBe('stepping');
      test.pass(30);
      await test.push(bad.id, healthy(0.03));
      await test.rollouts.stepper.tick();
      const rollout = await test.details(bad.id);
      expect(rollout.phase).toBe('aborted');
      // Breach to rollback: within interval × failure limit of the first breach.
      expect(
        Date.parse(rollout.rollbackStartedAt!) -
          Date.parse(rollout.measurements[0].measuredAt),
      ).toBeLessThanOrEqual(30_000 * 1);
    },
  );
});
