import { mockServices } from '@backstage/backend-test-utils';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import {
  ana,
  createRolloutTest,
  SteppingDeployer,
} from '../__testUtils__/rollouts';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { buildPipelineView } from '../queries/pipelineView';
import { RehearsalService } from './RehearsalService';

jest.setTimeout(60_000);

const [, staging, prod] = DEFAULT_PIPELINES.get('default')!.stages;
/** Staging, where rollbacks are rehearsed, then prod, which asks for one within 7 days. */
const service: ReleaseService = {
  ref: 'component:default/payments',
  pipeline: {
    name: 'default',
    allowSkippingStages: false,
    stages: [
      { ...staging, deployer: 'remote' },
      {
        ...prod,
        deployer: 'remote',
        gates: {
          ...prod.gates,
          approvals: 0,
          rehearsal: { maxAgeDays: 7 },
        },
      },
    ],
  },
  requires: {},
};

describe('rollback rehearsals', () => {
  const databases = createLedgerTestDatabases();

  async function setUp(databaseId: Parameters<typeof createLedgerDatabase>[1]) {
    const db = await createLedgerDatabase(databases, databaseId);
    const deployer = new SteppingDeployer();
    const test = await createRolloutTest(db, { service, deployer });
    const rehearsals = new RehearsalService({
      ledger: test.ledger,
      promotions: test.engine.promotions,
      resolveService: async ref => (ref === service.ref ? service : undefined),
      logger: mockServices.logger.mock(),
      live: { servicesChanged: async () => {}, trainsChanged: async () => {} },
      now: () => test.clock.now,
    });
    const promote = (version: string, stage: string) =>
      test.engine.promotions.promote(service, {
        version,
        stage,
        requestedBy: ana,
      });
    /** Deployments take 50 s: started, then finished by the reconciler. */
    async function settle() {
      test.pass(50);
      deployer.up = { state: 'succeeded' };
      await test.engine.runner.reconcile();
      deployer.up = { state: 'in-progress' };
    }
    deployer.up = { state: 'in-progress' };
    await promote('1.0.0', 'staging');
    await settle();
    // Prod runs nothing yet: there is nothing to roll back to.
    await promote('1.0.0', 'prod');
    await settle();
    await promote('1.1.0', 'staging');
    await settle();
    return { ...test, deployer, rehearsals, promote, settle };
  }

  it.each(databases.eachSupportedId())(
    'rehearses in staging, timed; then prod lets the version in, until the rehearsal is too old (%p)',
    async databaseId => {
      const { rehearsals, promote, settle, pass, ledger } = await setUp(
        databaseId,
      );
      await expect(promote('1.1.0', 'prod')).rejects.toThrow(
        'Cannot promote 1.1.0 into prod: The rollback of 1.1.0 was never rehearsed; rehearse it in staging first',
      );

      const started = await rehearsals.start(service, {
        stage: 'staging',
        requestedBy: ana,
      });
      expect(started).toMatchObject({
        version: '1.1.0',
        previousVersion: '1.0.0',
        phase: 'rollback',
        state: 'running',
      });
      await expect(
        rehearsals.start(service, { stage: 'staging', requestedBy: ana }),
      ).rejects.toThrow(
        `A rehearsal of 1.1.0 is running in staging (${started.id})`,
      );
      await settle(); // the rollback to 1.0.0
      await rehearsals.tick();
      await settle(); // 1.1.0 again
      await rehearsals.tick();
      const [done] = await rehearsals.list(service, { version: '1.1.0' });
      expect(done).toMatchObject({
        id: started.id,
        phase: 'done',
        state: 'succeeded',
        rollbackMs: 50_000,
        redeployMs: 50_000,
      });
      const view = await buildPipelineView({ ledger, service });
      expect(view.stages[0]).toMatchObject({
        current: { version: '1.1.0' },
        rehearsal: { id: started.id, state: 'succeeded' },
      });
      expect(view.stages[0].hold).toBeUndefined();
      expect(view.stages[1].rehearsalRequired).toBe(true);

      pass(8 * 86_400);
      await expect(promote('1.1.0', 'prod')).rejects.toThrow(
        'The rollback of 1.1.0 was rehearsed 8 days ago in staging, 50 s: older than 7 days; rehearse it again in staging',
      );
      pass(-2 * 86_400);
      const released = await promote('1.1.0', 'prod');
      expect(
        released.state === 'in-progress' || released.state === 'succeeded',
      ).toBe(true);
      await settle();

      // One of the two releases into prod had a rehearsed rollback.
      expect(
        await ledger.rehearsals.rehearsalCounts(
          [{ service: service.ref, stage: 'prod' }],
          new Date('2026-12-01T00:00:00Z'),
          new Date('2026-12-31T00:00:00Z'),
        ),
      ).toEqual([
        expect.objectContaining({
          service_ref: service.ref,
          releases: expect.anything(),
        }),
      ]);
      const [counts] = await ledger.rehearsals.rehearsalCounts(
        [{ service: service.ref, stage: 'prod' }],
        new Date('2026-12-01T00:00:00Z'),
        new Date('2026-12-31T00:00:00Z'),
      );
      expect([Number(counts.releases), Number(counts.rehearsed)]).toEqual([
        2, 1,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a rollback that fails fails the rehearsal, and prod says why (%p)',
    async databaseId => {
      const { rehearsals, promote, deployer, pass, engine } = await setUp(
        databaseId,
      );
      await rehearsals.start(service, { stage: 'staging', requestedBy: ana });
      pass(50);
      deployer.up = { state: 'failed', message: 'pods crash-looping' };
      await engine.runner.reconcile();
      await rehearsals.tick();
      const [failed] = await rehearsals.list(service, {});
      expect(failed).toMatchObject({
        state: 'failed',
        phase: 'rollback',
        reason: 'The rollback of 1.0.0 failed: pods crash-looping',
      });
      await expect(promote('1.1.0', 'prod')).rejects.toThrow(
        "The last rehearsal of 1.1.0's rollback failed in staging: The rollback of 1.0.0 failed: pods crash-looping",
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses to rehearse in the last stage, or with nothing to roll back to (%p)',
    async databaseId => {
      const { rehearsals } = await setUp(databaseId);
      await expect(
        rehearsals.start(service, { stage: 'prod', requestedBy: ana }),
      ).rejects.toThrow(
        'Rehearse rollbacks before prod, the last stage: in staging',
      );
      await expect(
        rehearsals.start(service, {
          stage: 'staging',
          version: '1.0.0',
          requestedBy: ana,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      // Refused before it began: nothing recorded.
      expect(await rehearsals.list(service, {})).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a refused rehearsal leaves no record that could close the gate (%p)',
    async databaseId => {
      const { rehearsals, engine } = await setUp(databaseId);
      // A rollback is in flight into staging: the rehearsal's is refused.
      await engine.promotions.rollback(service, {
        stage: 'staging',
        reason: 'by hand',
        requestedBy: ana,
      });
      await expect(
        rehearsals.start(service, { stage: 'staging', requestedBy: ana }),
      ).rejects.toThrow(/already in flight into staging/);
      expect(await rehearsals.list(service, {})).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a phase whose deployment was never recorded fails after 10 minutes, freeing the stage (%p)',
    async databaseId => {
      const { rehearsals, pass, ledger } = await setUp(databaseId);
      // A phase claimed, its deployment never recorded (a crash between).
      const started = await rehearsals.start(service, {
        stage: 'staging',
        requestedBy: ana,
      });
      await ledger.rehearsals.move(started.id, 'rollback', {
        deploymentId: undefined,
      });
      pass(9 * 60);
      await rehearsals.tick();
      expect((await ledger.rehearsals.get(started.id))?.state).toBe('running');
      pass(2 * 60);
      await rehearsals.tick();
      expect(await ledger.rehearsals.get(started.id)).toMatchObject({
        state: 'failed',
        reason: 'The rollback did not start within 10 minutes',
      });
      expect(await ledger.rehearsals.runningIn(service.ref, 'staging')).toBe(
        undefined,
      );
    },
  );
});
