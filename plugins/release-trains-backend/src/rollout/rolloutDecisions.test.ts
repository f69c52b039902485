import { TestDatabaseId } from '@backstage/backend-test-utils';
import { HealthSample } from '@release-trains/plugin-release-trains-node';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import {
  ana,
  createRolloutTest,
  createRolloutTestWithBaseline,
  measureOnce,
  healthy,
  rolloutService,
  SteppingDeployer,
} from '../__testUtils__/rollouts';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';

jest.setTimeout(60_000);

const oneAnalysis = (extra: object = {}) =>
  rolloutService({
    strategy: 'canary',
    steps: [{ setWeight: 10 }, { analysis: {} }],
    analysis: { interval: '30s', count: 1 },
    ...extra,
  });

/** Healthy numbers, but for one check. */
const withCheck = (sample: HealthSample) =>
  healthy().map(s => (s.check === sample.check ? sample : s));

/** Each trigger just past its threshold, and at it. */
const TRIGGERS: [string, HealthSample, HealthSample][] = [
  [
    'error-rate',
    { check: 'error-rate', canary: 0.0151, baseline: 0.005 },
    { check: 'error-rate', canary: 0.015, baseline: 0.005 },
  ],
  [
    'latency-p95',
    { check: 'latency-p95', canary: 621, baseline: 120 },
    { check: 'latency-p95', canary: 620, baseline: 120 },
  ],
  [
    'health-check',
    { check: 'health-check', canary: 0 },
    { check: 'health-check', canary: 1 },
  ],
  [
    'burn-rate',
    { check: 'burn-rate', canary: 14.5 },
    { check: 'burn-rate', canary: 14.4 },
  ],
];

describe('roll-out decisions', () => {
  const databases = createLedgerTestDatabases();

  const withBaseline = (
    databaseId: TestDatabaseId,
    service: ReleaseService = oneAnalysis(),
    deployer = new SteppingDeployer(),
  ) => createRolloutTestWithBaseline(databases, databaseId, service, deployer);

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it.each(TRIGGERS)(
      '%s: just past the threshold rolls back; at it, the canary goes on',
      async (check, past, at) => {
        const test = await withBaseline(databaseId);
        const bad = await test.promote('1.1.0');
        await measureOnce(test, bad.id, withCheck(past));
        const aborted = await test.details(bad.id);
        expect(aborted.phase).toBe('aborted');
        expect(aborted.abortReason).toContain(`Analysis failed: ${check}:`);
        expect(aborted.measurements.find(m => m.check === check)).toMatchObject(
          { phase: 'failed' },
        );

        // Held after the rollback: a person promotes again, at the threshold.
        const fine = await test.promote('1.1.0');
        await measureOnce(test, fine.id, withCheck(at));
        expect(await test.details(fine.id)).toMatchObject({
          phase: 'completed',
          weight: 100,
        });
        expect((await test.prod()).current?.version).toBe('1.1.0');
      },
    );

    it('pauses when there is no data, asks the owner, and resumes the analysis afresh', async () => {
      const test = await withBaseline(databaseId);
      const quiet = await test.promote('1.1.0');
      await measureOnce(test, quiet.id, []);
      const paused = await test.details(quiet.id);
      expect(paused).toMatchObject({ phase: 'paused', weight: 10 });
      expect(paused.pausedReason).toMatch(
        /^Analysis inconclusive: error-rate: no canary value/,
      );
      expect(test.told).toEqual([`paused: 1.1.0: ${paused.pausedReason}`]);
      // Paused, it neither passes nor fails, however long it waits (within its deadline).
      test.pass(3600);
      await test.rollouts.stepper.tick();
      expect((await test.details(quiet.id)).phase).toBe('paused');
      expect((await test.deployment(quiet.id)).state).toBe('in-progress');
      await test.engine.runner.reconcile();
      expect((await test.deployment(quiet.id)).state).toBe('in-progress');

      await test.rollouts.resume(test.service, quiet.id);
      await expect(
        test.rollouts.resume(test.service, quiet.id),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await measureOnce(test, quiet.id, healthy());
      const done = await test.details(quiet.id);
      expect(done.phase).toBe('completed');
      // The inconclusive measurements stay on the record.
      expect(done.measurements.map(m => m.phase)).toEqual([
        ...Array(4).fill('inconclusive'),
        ...Array(4).fill('successful'),
      ]);
    });

    it('a person aborts a paused roll-out: rolled back, held in their name', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'canary',
          steps: [{ setWeight: 30 }, { pause: 'manual' }],
        }),
      );
      const waiting = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      expect(await test.details(waiting.id)).toMatchObject({
        phase: 'paused',
        pausedReason: 'Paused until a person resumes it',
        weight: 30,
      });
      const aborted = await test.rollouts.abort(test.service, waiting.id, {
        reason: 'checkout looks slow',
        requestedBy: ana,
      });
      expect(aborted).toMatchObject({
        phase: 'aborted',
        abortReason: `Aborted by ${ana}: checkout looks slow`,
      });
      expect(aborted.breachToRollbackMs).toBeUndefined();
      expect(
        await test.deployment(aborted.rollbackDeploymentId!),
      ).toMatchObject({
        kind: 'rollback',
        version: '1.0.0',
        createdBy: ana,
      });
      expect((await test.prod()).hold?.by).toBe(ana);
      await expect(
        test.rollouts.abort(test.service, waiting.id, {
          reason: 'again',
          requestedBy: ana,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    });

    it('two ticks at once measure an interval once and move each step once', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'canary',
          steps: [{ setWeight: 10 }, { analysis: {} }],
          analysis: { interval: '30s', count: 2 },
        }),
      );
      const moving = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      test.pass(30);
      await test.push(moving.id, healthy());
      await Promise.all([
        test.rollouts.stepper.tick(),
        test.rollouts.stepper.tick(),
      ]);
      const rollout = await test.details(moving.id);
      expect(rollout).toMatchObject({ phase: 'stepping', stepIndex: 1 });
      expect(rollout.measurements).toHaveLength(4);
    });

    it('a deployer that cannot shift traffic rolls out all at once, and says so', async () => {
      const plain = {
        id: 'remote',
        calls: [] as string[],
        async start(request: { version: string; rollout?: object }) {
          plain.calls.push(
            `start ${request.version} ${
              request.rollout ? 'with' : 'without'
            } roll-out`,
          );
          return { state: 'succeeded' as const };
        },
        async status() {
          return { state: 'succeeded' as const };
        },
      };
      const db = await createLedgerDatabase(databases, databaseId);
      const test = await createRolloutTest(db, {
        service: oneAnalysis(),
        deployer: plain,
      });
      await test.promote('1.0.0');
      const next = await test.promote('1.1.0');
      expect(await test.deployment(next.id)).toMatchObject({
        state: 'succeeded',
      });
      expect(await test.details(next.id)).toMatchObject({
        runsAs: 'rolling',
        note: 'The remote deployer cannot shift traffic, so it rolls out all at once',
      });
      expect(plain.calls).toEqual([
        'start 1.0.0 without roll-out',
        'start 1.1.0 without roll-out',
      ]);
    });

    it('a roll-out whose deployment timed out takes the traffic away and stops', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'canary',
          steps: [{ setWeight: 10 }, { pause: '10m' }],
        }),
      );
      const slow = await test.promote('1.1.0');
      await test.rollouts.stepper.tick();
      // The stage's timeout (30 min) plus the plan's 10 minutes.
      test.pass(41 * 60);
      await test.engine.runner.reconcile();
      expect((await test.deployment(slow.id)).state).toBe('failed');
      await test.rollouts.stepper.tick();
      expect(await test.details(slow.id)).toMatchObject({
        phase: 'aborted',
        abortReason: 'The deployment failed before its roll-out finished',
      });
      expect(test.deployer.calls.slice(-1)).toEqual(['1.1.0 abort']);
      expect((await test.prod()).current?.version).toBe('1.0.0');
    });

    it.each([
      [true, ['start rollback 1.0.0']],
      [false, ['start rollback 1.0.0 canary from 1.1.0', '1.0.0 weight 10']],
    ])(
      'fast-track rollback %p: a rollback to a version verified there skips the steps, or not',
      async (fastTrackRollback, calls) => {
        const test = await withBaseline(
          databaseId,
          oneAnalysis({ fastTrackRollback }),
        );
        const next = await test.promote('1.1.0');
        await measureOnce(test, next.id, healthy());
        expect((await test.prod()).current?.version).toBe('1.1.0');
        const before = test.deployer.calls.length;
        await test.engine.promotions.rollback(test.service, {
          stage: 'prod',
          reason: 'customer reports',
          requestedBy: ana,
        });
        await test.rollouts.stepper.tick();
        expect(test.deployer.calls.slice(before)).toEqual(calls);
      },
    );

    it('blue-green: the idle colour is analysed, then traffic switches', async () => {
      const test = await withBaseline(
        databaseId,
        rolloutService({
          strategy: 'blue-green',
          analysis: { interval: '1m', count: 2 },
          keepPreviousMinutes: 15,
        }),
      );
      const next = await test.promote('1.1.0');
      for (let i = 0; i < 2; i++) {
        test.pass(60);
        await test.push(next.id, healthy());
        await test.rollouts.stepper.tick();
      }
      expect(await test.details(next.id)).toMatchObject({
        phase: 'completed',
        weight: 100,
      });
      expect(test.deployer.calls.slice(1)).toEqual([
        'start promote 1.1.0 blue-green from 1.0.0',
        '1.1.0 switch',
      ]);
    });

    it('refuses health reports it cannot use, changing nothing', async () => {
      const test = await withBaseline(databaseId);
      const moving = await test.promote('1.1.0');
      await expect(
        test.push('no-such-deployment', healthy()),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        test.push(moving.id, [{ check: 'error-rate', canary: NaN }]),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        test.push(moving.id, [{ check: 'cpu' as 'error-rate', canary: 1 }]),
      ).rejects.toMatchObject({ name: 'InputError' });
      const [baseline] = await test.ledger.deployments.latestFinished(
        test.service.ref,
        'prod',
        { states: ['succeeded'], limit: 1 },
      );
      await expect(test.push(baseline.id, healthy())).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await measureOnce(test, moving.id, []);
      expect((await test.details(moving.id)).phase).toBe('paused');
    });
  });
});
