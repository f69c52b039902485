import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore, NewDeployment } from './DeploymentStore';
import { StageStateStore } from './StageStateStore';

jest.setTimeout(60_000);

const payments = 'component:default/payments';

/** A payments deployment; `day` is the day of November 2026 it happened. */
function paymentsDeployment(
  stage: string,
  version: string,
  day: number,
  extra: Partial<NewDeployment> = {},
): NewDeployment {
  return {
    service: payments,
    stage,
    version,
    kind: 'deploy',
    createdBy: 'user:default/ana',
    createdAt: new Date(Date.UTC(2026, 10, day, 10)),
    ...extra,
  };
}

describe('DeploymentStore', () => {
  const databases = createLedgerTestDatabases();

  /** The deployments, with what each stage runs read beside them. */
  async function createStore(databaseId: TestDatabaseId) {
    const db = await createLedgerDatabase(databases, databaseId);
    const stages = new StageStateStore(db);
    return Object.assign(new DeploymentStore(db), {
      stageStates: (service: string) => stages.ofService(service),
    });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('pages through a service’s history newest first with a cursor', async () => {
      const store = await createStore(databaseId);
      for (let day = 1; day <= 5; day++) {
        await store.record(paymentsDeployment('dev', `1.0.${day}`, day));
      }
      await store.record(
        paymentsDeployment('dev', '9.9.9', 6, {
          service: 'component:default/cart',
        }),
      );

      const first = await store.list(payments, { limit: 2 });
      expect(first.items.map(d => d.version)).toEqual(['1.0.5', '1.0.4']);
      const second = await store.list(payments, {
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map(d => d.version)).toEqual(['1.0.3', '1.0.2']);
      const last = await store.list(payments, {
        limit: 2,
        cursor: second.nextCursor,
      });
      expect(last.items.map(d => d.version)).toEqual(['1.0.1']);
      expect(last.nextCursor).toBeUndefined();
      await expect(
        store.list(payments, { limit: 2, cursor: 'garbage' }),
      ).rejects.toThrow('cursor: not a cursor this API returned');
    });

    it('pages through the deployments of more services than one statement takes, newest first', async () => {
      const store = await createStore(databaseId);
      // Every third service deploys at the same time: the id orders them.
      const services = Array.from(
        { length: 1100 },
        (_, i) => `component:default/s${String(i).padStart(4, '0')}`,
      );
      await store.recordAll(
        services.map((service, i) =>
          paymentsDeployment(i % 2 ? 'prod' : 'dev', '1.0.0', 1, {
            service,
            createdAt: new Date(Date.UTC(2026, 10, 1, 0, Math.floor(i / 3))),
          }),
        ),
      );
      const everything = await store.listIn({ services }, { limit: 200 });
      expect(everything.items).toHaveLength(200);

      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listIn(
          { stages: services.map(service => ({ service, stage: 'prod' })) },
          { limit: 130, cursor },
        );
        paged.push(...page.items.map(d => `${d.createdAt} ${d.id}`));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toHaveLength(550);
      expect(paged).toEqual([...paged].sort().reverse());
      expect(
        (await store.listIn({ services: [] }, { limit: 10 })).items,
      ).toEqual([]);
    });

    it('filters the history by stage, state, kind and time range', async () => {
      const store = await createStore(databaseId);
      await store.record(paymentsDeployment('dev', '1.0.0', 1));
      await store.record(
        paymentsDeployment('prod', '1.0.0', 2, { kind: 'promote' }),
      );
      await store.record(
        paymentsDeployment('prod', '1.1.0', 3, {
          kind: 'promote',
          state: 'failed',
          reason: 'health check failed',
        }),
      );
      await store.record(paymentsDeployment('dev', '1.2.0', 4));

      const versions = async (filter: object) =>
        (await store.list(payments, { limit: 10, ...filter })).items.map(
          d => d.version,
        );
      expect(await versions({ stage: 'prod' })).toEqual(['1.1.0', '1.0.0']);
      expect(await versions({ state: 'failed' })).toEqual(['1.1.0']);
      expect(await versions({ kind: 'deploy' })).toEqual(['1.2.0', '1.0.0']);
      expect(
        await versions({
          from: '2026-11-02T00:00:00.000Z',
          to: '2026-11-04T00:00:00.000Z',
        }),
      ).toEqual(['1.1.0', '1.0.0']);
      const failed = (await store.list(payments, { limit: 1, state: 'failed' }))
        .items[0];
      expect(failed).toMatchObject({
        reason: 'health check failed',
        finishedAt: '2026-11-03T10:00:00.000Z',
      });
    });

    it('keeps what each stage runs in step, in the order the ledger receives deployments', async () => {
      const store = await createStore(databaseId);
      await store.record(
        paymentsDeployment('prod', '1.2.0', 5, {
          finishedAt: new Date(Date.UTC(2026, 10, 5, 11)),
        }),
      );
      // Recorded later, though it says it finished earlier: the ledger's
      // order decides, not a time someone reported.
      const later = await store.record(
        paymentsDeployment('prod', '1.1.0', 3, {
          finishedAt: new Date(Date.UTC(2026, 10, 3, 11)),
        }),
      );
      const running = await store.record(
        paymentsDeployment('prod', '1.3.0', 6, { state: 'in-progress' }),
      );

      let prod = (await store.stageStates(payments)).get('prod');
      expect(prod?.current).toMatchObject({
        id: later.id,
        version: '1.1.0',
        since: '2026-11-03T11:00:00.000Z',
      });
      expect(prod?.inFlight).toMatchObject({
        id: running.id,
        version: '1.3.0',
      });

      await store.transition(running.id, 'succeeded', {
        cause: 'test',
        at: new Date(Date.UTC(2026, 10, 6, 12)),
      });
      prod = (await store.stageStates(payments)).get('prod');
      expect(prod?.current).toMatchObject({ version: '1.3.0' });
      expect(prod?.inFlight).toBeUndefined();
    });

    it('keeps each stage’s gate compliance equal to a count of its deployments from scratch', async () => {
      const knex = await createLedgerDatabase(databases, databaseId);
      const store = new DeploymentStore(knex);
      let seed = databaseId.length;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const pick = <T>(items: T[]) =>
        items[Math.floor(random() * items.length)];
      const open: string[] = [];
      const succeeded: string[] = [];
      for (let i = 0; i < 120; i++) {
        const roll = random();
        if (roll < 0.5) {
          const recorded = await store.record(
            paymentsDeployment(
              pick(['dev', 'prod']),
              `1.0.${i}`,
              1 + (i % 28),
              {
                state: pick(['succeeded', 'in-progress', 'failed']),
                ungated: random() < 0.3,
              },
            ),
          );
          if (recorded.state === 'in-progress') open.push(recorded.id);
          if (recorded.state === 'succeeded') succeeded.push(recorded.id);
        } else if (roll < 0.8 && open.length > 0) {
          const id = open.splice(Math.floor(random() * open.length), 1)[0];
          const to = pick(['succeeded', 'failed'] as const);
          await store.transition(id, to, { cause: 'test' });
          if (to === 'succeeded') succeeded.push(id);
        } else if (succeeded.length > 0) {
          const id = succeeded.splice(
            Math.floor(random() * succeeded.length),
            1,
          )[0];
          await store.transition(id, 'rolled-back', { cause: 'test' });
        }
      }
      const fromScratch = async (stage: string) => {
        const rows = await knex('deployments')
          .where({ service_ref: payments, stage })
          .whereIn('state', ['succeeded', 'rolled-back'])
          .select('ungated');
        return {
          deployments: rows.length,
          gated: rows.filter(row => !row.ungated).length,
        };
      };
      const states = await new StageStateStore(knex).ofService(payments);
      for (const stage of ['dev', 'prod']) {
        expect(states.get(stage)?.compliance).toEqual(await fromScratch(stage));
      }
      expect(states.get('prod')!.compliance.deployments).toBeGreaterThan(5);
    });

    it('refuses a transition the state machine does not allow, changing nothing', async () => {
      const store = await createStore(databaseId);
      const failed = await store.record(
        paymentsDeployment('dev', '1.0.0', 1, { state: 'failed' }),
      );
      await expect(
        store.transition(failed.id, 'succeeded', { cause: 'test' }),
      ).rejects.toThrow(/is failed and cannot become succeeded/);
      expect(await store.get(failed.id)).toMatchObject({ state: 'failed' });
      expect(
        (await store.stageStates(payments)).get('dev')?.current,
      ).toBeUndefined();
    });
  });
});
