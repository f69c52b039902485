import { Knex } from 'knex';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { toChange } from '../ledger/VersionStore';
import { buildPipelineView } from '../queries/pipelineView';

/**
 * A released schema version of the ledger, with what a user of it wrote and
 * what the plugin must read of that on the latest schema. Each version's
 * user data is about a service of its own, so that what a later version
 * writes cannot hide what an earlier one lost.
 */
export type ReleasedSchema = {
  /** The migration file that made this version. */
  migration: string;
  /** Rows as that version's plugin wrote them: its tables and columns only. */
  write(knex: Knex): Promise<void>;
  /** What the plugin's stores and queries read of them after the upgrade. */
  check(ledger: Ledger): Promise<void>;
};

/** A time in November or December 2026: `at('11-01T10:00')`. */
const at = (time: string) => new Date(`2026-${time}:00.000Z`);
const iso = (time: string) => at(time).toISOString();

const ana = 'user:default/ana';
const payments = 'component:default/payments';
const cart = 'component:default/cart';
const search = 'component:default/search';
const checkout = 'component:default/checkout';
const inventory = 'component:default/inventory';
const billing = 'component:default/billing';
const notifications = 'component:default/notifications';
const shipping = 'component:default/shipping';
const pricing = 'component:default/pricing';
const orders = 'component:default/orders';
const metrics = 'component:default/metrics';
const ledgerSvc = 'component:default/ledger';
const shop = 'group:default/shop';
const ben = 'user:default/ben';
const people = 'component:default/people';
const links = 'component:default/links';
const linked = 'component:default/linked';

/** A deployments row with the first version's columns; later ones add theirs. */
function deployment(
  id: string,
  service: string,
  stage: string,
  version: string,
  kind: 'deploy' | 'promote' | 'rollback',
  createdAt: string,
) {
  return {
    id,
    service_ref: service,
    stage,
    version,
    kind,
    created_by: ana,
    created_at: at(createdAt),
  };
}

/** Deployments as the ledger records them: each with its first transition. */
async function record(knex: Knex, rows: Record<string, unknown>[]) {
  // One by one: in one insert, a column some rows leave out would be null.
  for (const row of rows) await knex('deployments').insert(row);
  await knex('deployment_transitions').insert(
    rows.map(row => ({
      deployment_id: row.id,
      from_state: null,
      to_state: row.state,
      cause: 'recorded',
      at: row.created_at,
    })),
  );
}

async function insertId(knex: Knex, table: string, row: object) {
  const [inserted] = await knex(table).insert(row).returning('id');
  return typeof inserted === 'object' ? inserted.id : inserted;
}

/** A service on the default pipeline (dev, staging, prod with approvals). */
function pipelineOf(ledger: Ledger, ref: string) {
  const pipeline = DEFAULT_PIPELINES.get('default')!;
  return buildPipelineView({
    ledger,
    service: { ref, pipeline, requires: {} },
  });
}

/** Whether each of these versions of a service is a hotfix. */
async function hotfixes(ledger: Ledger, service: string, versions: string[]) {
  return Promise.all(
    versions.map(async version =>
      Boolean((await ledger.versions.get(service, version))?.hotfix),
    ),
  );
}

/** A version and the changes it brought, as the ledger stores them. */
async function versionWithChanges(
  knex: Knex,
  version: Record<string, unknown>,
  changes: Record<string, unknown>[],
) {
  const versionId = await insertId(knex, 'versions', version);
  for (const change of changes) {
    const changeId = await insertId(knex, 'changes', {
      service_ref: version.service_ref,
      author: 'ana.lima',
      issue_keys: '[]',
      ...change,
    });
    await knex('version_changes').insert({
      version_id: versionId,
      change_id: changeId,
    });
  }
}

async function historyOf(ledger: Ledger, service: string) {
  return (await ledger.deployments.list(service, { limit: 50 })).items;
}

// The checks run inside the upgrade test, once per database and version.
/* eslint-disable jest/no-standalone-expect */
export const RELEASED_SCHEMAS: ReleasedSchema[] = [
  {
    // Finished deployments only: no state, no services, no stage rows.
    migration: '20261121000000_deployments.js',
    async write(knex) {
      await knex('deployments').insert([
        deployment('p1', payments, 'dev', '1.0.0', 'deploy', '11-01T10:00'),
        deployment(
          'p2',
          payments,
          'staging',
          '1.0.0',
          'promote',
          '11-01T11:00',
        ),
        deployment('p3', payments, 'prod', '1.0.0', 'promote', '11-01T12:00'),
        deployment('p4', payments, 'dev', '1.1.0', 'deploy', '11-02T10:00'),
        deployment('p5', payments, 'prod', '0.9.0', 'rollback', '11-02T12:00'),
      ]);
    },
    async check(ledger) {
      const finished = (
        id: string,
        stage: string,
        version: string,
        kind: string,
        time: string,
      ) => ({
        id,
        service: payments,
        stage,
        version,
        kind,
        state: 'succeeded',
        createdBy: ana,
        createdAt: iso(time),
        finishedAt: iso(time),
      });
      expect(await historyOf(ledger, payments)).toEqual([
        finished('p5', 'prod', '0.9.0', 'rollback', '11-02T12:00'),
        finished('p4', 'dev', '1.1.0', 'deploy', '11-02T10:00'),
        finished('p3', 'prod', '1.0.0', 'promote', '11-01T12:00'),
        finished('p2', 'staging', '1.0.0', 'promote', '11-01T11:00'),
        finished('p1', 'dev', '1.0.0', 'deploy', '11-01T10:00'),
      ]);
      // Each stage runs its latest deployment; all of them passed the gate.
      expect((await pipelineOf(ledger, payments)).stages).toEqual([
        expect.objectContaining({
          stage: 'dev',
          current: expect.objectContaining({
            id: 'p4',
            since: iso('11-02T10:00'),
          }),
          waiting: [],
        }),
        expect.objectContaining({
          stage: 'staging',
          current: expect.objectContaining({ id: 'p2', version: '1.0.0' }),
        }),
        expect.objectContaining({
          stage: 'prod',
          current: expect.objectContaining({ id: 'p5', kind: 'rollback' }),
          compliance: { deployments: 2, gated: 2 },
        }),
      ]);
    },
  },
  {
    // The full ledger: services, versions with their changes, deployment
    // states and transitions, stage rows, CI deliveries.
    migration: '20261122000000_ledger.js',
    async write(knex) {
      await knex('services').insert({
        service_ref: cart,
        pipeline: 'default',
        train: 'weekly',
        owner: 'group:default/shop',
        system: 'storefront',
        depends_on: JSON.stringify([payments]),
        synced_at: at('11-03T08:00'),
      });
      const sha = (c: string) => c.repeat(40);
      const version = (v: string, c: string, builtAt: string) =>
        insertId(knex, 'versions', {
          service_ref: cart,
          version: v,
          commit_sha: sha(c),
          artifact: `ghcr.io/shop/cart:${v}`,
          built_at: at(builtAt),
        });
      const change = async (
        c: string,
        pr: number,
        title: string,
        mergedAt: string,
        issueKeys: string[],
      ) => {
        const id = await insertId(knex, 'changes', {
          service_ref: cart,
          commit_sha: sha(c),
          pr_number: pr,
          title,
          author: 'ben.okafor',
          merged_at: at(mergedAt),
          issue_keys: JSON.stringify(issueKeys),
        });
        for (const key of issueKeys) {
          await knex('change_issue_keys').insert({
            change_id: id,
            issue_key: key,
          });
        }
        return id;
      };
      await version('2.0.0', 'a', '11-03T09:00');
      const v21 = await version('2.1.0', 'b', '11-04T09:00');
      const v22 = await version('2.2.0', 'c', '11-05T09:00');
      await knex('version_changes').insert([
        {
          version_id: v21,
          change_id: await change('b', 21, 'Coupon codes', '11-04T08:00', [
            'CART-7',
          ]),
        },
        {
          version_id: v22,
          change_id: await change('c', 22, 'Faster basket', '11-05T08:00', []),
        },
      ]);
      const finished = (state: string, finishedAt: string) => ({
        state,
        finished_at: at(finishedAt),
      });
      await record(knex, [
        {
          ...deployment('c1', cart, 'dev', '2.0.0', 'deploy', '11-03T10:00'),
          ...finished('succeeded', '11-03T10:05'),
          external_id: 'gha-101',
        },
        {
          ...deployment(
            'c2',
            cart,
            'staging',
            '2.0.0',
            'promote',
            '11-03T11:00',
          ),
          ...finished('succeeded', '11-03T11:05'),
        },
        {
          ...deployment('c3', cart, 'dev', '2.1.0', 'deploy', '11-04T10:00'),
          ...finished('succeeded', '11-04T10:05'),
        },
        {
          ...deployment(
            'c4',
            cart,
            'staging',
            '2.1.0',
            'promote',
            '11-04T11:00',
          ),
          ...finished('failed', '11-04T11:10'),
          reason: 'Smoke tests failed',
        },
        {
          ...deployment('c5', cart, 'dev', '2.2.0', 'deploy', '11-05T10:00'),
          state: 'in-progress',
          external_id: 'gha-105',
          started_at: at('11-05T10:00'),
        },
      ]);
      await knex('stage_state').insert([
        {
          service_ref: cart,
          stage: 'dev',
          current_deployment_id: 'c3',
          current_version: '2.1.0',
          current_since: at('11-04T10:05'),
          in_flight_deployment_id: 'c5',
        },
        {
          service_ref: cart,
          stage: 'staging',
          current_deployment_id: 'c2',
          current_version: '2.0.0',
          current_since: at('11-03T11:05'),
        },
      ]);
      await knex('ingestion_deliveries').insert({
        delivery_id: 'delivery-1',
        source: 'github-actions',
        result: JSON.stringify({ applied: 1 }),
        received_at: at('11-04T11:10'),
      });
    },
    async check(ledger) {
      // Columns added since have their defaults: no APIs, no requirements.
      expect(await ledger.services.get(cart)).toEqual({
        ref: cart,
        pipeline: 'default',
        train: 'weekly',
        owner: 'group:default/shop',
        system: 'storefront',
        dependsOn: [payments],
        requires: {},
      });
      const history = await historyOf(ledger, cart);
      expect(history.map(d => [d.id, d.state])).toEqual([
        ['c5', 'in-progress'],
        ['c4', 'failed'],
        ['c3', 'succeeded'],
        ['c2', 'succeeded'],
        ['c1', 'succeeded'],
      ]);
      expect(history[1]).toMatchObject({
        reason: 'Smoke tests failed',
        finishedAt: iso('11-04T11:10'),
      });
      expect(history[0]).toEqual(
        expect.not.objectContaining({ finishedAt: expect.anything() }),
      );
      const found = await ledger.deployments.findByExternalIds([
        { service: cart, externalId: 'gha-105' },
      ]);
      expect([...found.values()].map(d => d.id)).toEqual(['c5']);

      const waiting = (versions: string[]) =>
        versions.map(version => expect.objectContaining({ version }));
      expect((await pipelineOf(ledger, cart)).stages).toEqual([
        expect.objectContaining({
          stage: 'dev',
          current: expect.objectContaining({
            id: 'c3',
            since: iso('11-04T10:05'),
          }),
          inFlight: expect.objectContaining({ id: 'c5', state: 'in-progress' }),
          waiting: waiting(['2.2.0']),
        }),
        expect.objectContaining({
          stage: 'staging',
          current: expect.objectContaining({ id: 'c2' }),
          waiting: waiting(['2.1.0']),
        }),
        expect.objectContaining({
          stage: 'prod',
          waiting: waiting(['2.0.0']),
          compliance: { deployments: 0, gated: 0 },
        }),
      ]);
      const stages = await ledger.stages.ofService(cart);
      expect(stages.get('dev')?.compliance).toEqual({
        deployments: 2,
        gated: 2,
      });
      expect(stages.get('staging')?.compliance).toEqual({
        deployments: 1,
        gated: 1,
      });

      const [coupon] = await ledger.changes.find({ issue: 'cart-7', limit: 5 });
      expect(coupon.carrier?.version).toBe('2.1.0');
      // Recorded before commit times and labels were.
      expect(toChange(coupon.change)).toEqual({
        commitSha: 'b'.repeat(40),
        prNumber: 21,
        title: 'Coupon codes',
        author: 'ben.okafor',
        mergedAt: iso('11-04T08:00'),
        issueKeys: ['CART-7'],
      });
      expect(await hotfixes(ledger, cart, ['2.0.0', '2.1.0', '2.2.0'])).toEqual(
        [false, false, false],
      );
      expect(
        (await ledger.changes.between(cart, '2.0.0', '2.2.0', 10)).map(
          c => c.title,
        ),
      ).toEqual(['Faster basket', 'Coupon codes']);
      expect(
        await ledger.deliveries.find('github-actions', 'delivery-1'),
      ).toEqual({ answer: { applied: 1 } });
    },
  },
  {
    // Promotion: deployers and deadlines, approvals, holds, requirements.
    migration: '20261123000000_promotion.js',
    async write(knex) {
      await knex('services').insert({
        service_ref: search,
        pipeline: 'default',
        depends_on: '[]',
        requires: JSON.stringify({ [cart]: '^2.0.0' }),
        synced_at: at('11-06T08:00'),
      });
      const byArgo = (state: string, finishedAt?: string) => ({
        state,
        deployer: 'argocd',
        ...(finishedAt && { finished_at: at(finishedAt) }),
      });
      await record(knex, [
        {
          ...deployment(
            's1',
            search,
            'staging',
            '3.0.0',
            'promote',
            '11-06T10:00',
          ),
          ...byArgo('succeeded', '11-06T10:05'),
        },
        {
          ...deployment(
            's2',
            search,
            'staging',
            '3.1.0',
            'promote',
            '11-07T10:00',
          ),
          ...byArgo('succeeded', '11-07T10:05'),
        },
        {
          ...deployment(
            's3',
            search,
            'staging',
            '3.0.0',
            'rollback',
            '11-07T12:00',
          ),
          ...byArgo('succeeded', '11-07T12:05'),
        },
        {
          ...deployment(
            's4',
            search,
            'prod',
            '3.0.0',
            'promote',
            '11-07T13:00',
          ),
          ...byArgo('awaiting-approval'),
          deadline_at: at('11-08T13:00'),
        },
      ]);
      await knex('approvals').insert({
        deployment_id: 's4',
        version: '3.0.0',
        approver: 'user:default/raj',
        decision: 'approve',
        comment: 'Looks good',
        at: at('11-07T14:00'),
      });
      await knex('stage_state').insert([
        {
          service_ref: search,
          stage: 'staging',
          current_deployment_id: 's3',
          current_version: '3.0.0',
          current_since: at('11-07T12:05'),
          held_by: ana,
          held_reason: 'Rolled back: 3.1.0 broke search',
          held_at: at('11-07T12:05'),
        },
        { service_ref: search, stage: 'prod', in_flight_deployment_id: 's4' },
      ]);
    },
    async check(ledger) {
      expect((await ledger.services.get(search))?.requires).toEqual({
        [cart]: '^2.0.0',
      });
      expect(await ledger.approvals.list('s4', '3.0.0')).toEqual([
        {
          approver: 'user:default/raj',
          decision: 'approve',
          comment: 'Looks good',
          at: iso('11-07T14:00'),
        },
      ]);
      const [, staging, prod] = (await pipelineOf(ledger, search)).stages;
      expect(staging).toMatchObject({
        current: { id: 's3', kind: 'rollback', version: '3.0.0' },
        hold: {
          by: ana,
          reason: 'Rolled back: 3.1.0 broke search',
          at: iso('11-07T12:05'),
        },
      });
      expect(prod).toMatchObject({
        inFlight: { id: 's4', state: 'awaiting-approval' },
      });
      const expired = await ledger.deployments.listExpired(at('11-09T00:00'));
      expect(expired.filter(d => d.service === search)).toEqual([
        expect.objectContaining({
          id: 's4',
          deployer: 'argocd',
          deadlineAt: iso('11-08T13:00'),
        }),
      ]);
      expect(await ledger.deployments.get('s2')).toEqual(
        expect.not.objectContaining({ ungated: expect.anything() }),
      );
    },
  },
  {
    // Release trains: runs, what they carry, the run a deployment rode.
    migration: '20261124000000_trains.js',
    async write(knex) {
      await knex('train_runs').insert([
        {
          id: 'weekly-45',
          train: 'weekly',
          departs_at: at('11-09T08:00'),
          cutoff_at: at('11-09T06:00'),
          state: 'arrived',
          created_at: at('11-09T08:00'),
          finished_at: at('11-09T09:00'),
        },
        {
          id: 'weekly-46',
          train: 'weekly',
          departs_at: at('11-16T08:00'),
          cutoff_at: at('11-16T06:00'),
          state: 'in-stage',
          stage: 'staging',
          created_at: at('11-16T08:00'),
        },
      ]);
      await knex('train_run_items').insert([
        {
          run_id: 'weekly-45',
          service_ref: checkout,
          version: '4.0.0',
          from_version: '3.9.0',
          state: 'arrived',
          stage: 'prod',
          deployment_id: 'k1',
          changes: 3,
        },
        {
          run_id: 'weekly-46',
          service_ref: checkout,
          version: '4.1.0',
          from_version: '4.0.0',
          state: 'in-progress',
          stage: 'staging',
          deployment_id: 'k2',
          changes: 1,
        },
        {
          run_id: 'weekly-46',
          service_ref: search,
          state: 'waiting',
          changes: 0,
          reason: 'Nothing new since 3.0.0',
        },
      ]);
      await record(knex, [
        {
          ...deployment(
            'k1',
            checkout,
            'prod',
            '4.0.0',
            'promote',
            '11-09T08:30',
          ),
          state: 'succeeded',
          finished_at: at('11-09T08:40'),
          deployer: 'argocd',
          train_run_id: 'weekly-45',
        },
        {
          ...deployment(
            'k2',
            checkout,
            'staging',
            '4.1.0',
            'promote',
            '11-16T08:30',
          ),
          state: 'in-progress',
          started_at: at('11-16T08:30'),
          deployer: 'argocd',
          train_run_id: 'weekly-46',
        },
      ]);
      await knex('stage_state').insert([
        {
          service_ref: checkout,
          stage: 'prod',
          current_deployment_id: 'k1',
          current_version: '4.0.0',
          current_since: at('11-09T08:40'),
        },
        {
          service_ref: checkout,
          stage: 'staging',
          in_flight_deployment_id: 'k2',
        },
      ]);
    },
    async check(ledger) {
      expect(await ledger.trains.get('weekly-45')).toEqual({
        id: 'weekly-45',
        train: 'weekly',
        departsAt: iso('11-09T08:00'),
        cutoffAt: iso('11-09T06:00'),
        state: 'arrived',
        createdAt: iso('11-09T08:00'),
        finishedAt: iso('11-09T09:00'),
        items: [
          {
            service: checkout,
            version: '4.0.0',
            fromVersion: '3.9.0',
            state: 'arrived',
            stage: 'prod',
            deploymentId: 'k1',
            changeCount: 3,
          },
        ],
      });
      const unfinished = (await ledger.trains.listUnfinished()).filter(
        run => run.train === 'weekly',
      );
      expect(unfinished).toEqual([
        expect.objectContaining({
          id: 'weekly-46',
          stage: 'staging',
          items: [
            expect.objectContaining({
              service: checkout,
              changeCount: 1,
              deploymentId: 'k2',
            }),
            {
              service: search,
              state: 'waiting',
              changeCount: 0,
              reason: 'Nothing new since 3.0.0',
            },
          ],
        }),
      ]);
      expect(
        (
          await ledger.deployments.latestOfTrainRun(
            'weekly-45',
            checkout,
            'prod',
          )
        )?.id,
      ).toBe('k1');
      const inProgress = await ledger.deployments.listInProgress();
      expect(
        inProgress.filter(d => d.service === checkout).map(d => d.trainRunId),
      ).toEqual(['weekly-46']);
    },
  },
  {
    // The dependency graph: APIs provided and consumed, requirements set
    // through the API.
    migration: '20261125000000_dependencies.js',
    async write(knex) {
      await knex('services').insert({
        service_ref: inventory,
        pipeline: 'default',
        depends_on: '[]',
        requires: '{}',
        provides_apis: JSON.stringify(['api:default/stock']),
        consumes_apis: JSON.stringify(['api:default/catalog']),
        synced_at: at('11-20T08:00'),
      });
      await knex('service_requirements').insert({
        service_ref: inventory,
        dependency_ref: payments,
        range: '>=1.1.0',
        set_by: ana,
        set_at: at('11-20T09:00'),
      });
    },
    async check(ledger) {
      expect(await ledger.services.get(inventory)).toEqual({
        ref: inventory,
        pipeline: 'default',
        dependsOn: [],
        providesApis: ['api:default/stock'],
        consumesApis: ['api:default/catalog'],
        requires: {},
        requiresSet: { [payments]: '>=1.1.0' },
      });
    },
  },
  {
    // The prod gate: ungated deployments, compliance counts, deliveries
    // unique per source with a hash of their body.
    migration: '20261201000000_gate.js',
    async write(knex) {
      const succeeded = { state: 'succeeded', deployer: 'argocd' };
      await record(knex, [
        {
          ...deployment(
            'b1',
            billing,
            'prod',
            '5.0.0',
            'promote',
            '12-01T10:00',
          ),
          ...succeeded,
          finished_at: at('12-01T10:05'),
        },
        {
          ...deployment(
            'b2',
            billing,
            'prod',
            '5.0.1',
            'deploy',
            '12-01T12:00',
          ),
          ...succeeded,
          deployer: null,
          finished_at: at('12-01T12:00'),
          ungated: true,
        },
      ]);
      await knex('stage_state').insert({
        service_ref: billing,
        stage: 'prod',
        current_deployment_id: 'b2',
        current_version: '5.0.1',
        current_since: at('12-01T12:00'),
        deployments_ran: 2,
        deployments_gated: 1,
      });
      await knex('ingestion_deliveries').insert(
        ['github-actions', 'argocd-notifications'].map((source, i) => ({
          source,
          delivery_id: 'delivery-9',
          body_sha256: String(i).repeat(64),
          result: JSON.stringify({ applied: i }),
          received_at: at(`12-01T12:0${i}`),
        })),
      );
    },
    async check(ledger) {
      const [, , prod] = (await pipelineOf(ledger, billing)).stages;
      expect(prod).toMatchObject({
        current: { id: 'b2', ungated: true },
        compliance: { deployments: 2, gated: 1 },
      });
      const gated = await ledger.deployments.latestFinished(billing, 'prod', {
        gatedOnly: true,
      });
      expect(gated.map(d => d.id)).toEqual(['b1']);
      expect(
        await ledger.deliveries.find('argocd-notifications', 'delivery-9'),
      ).toEqual({
        answer: { applied: 1 },
        bodySha256: '1'.repeat(64),
      });
    },
  },
  {
    // A train run item's number of changes is its change count.
    migration: '20261202000000_change_count.js',
    async write(knex) {
      await knex('train_runs').insert({
        id: 'nightly-1',
        train: 'nightly',
        departs_at: at('12-02T02:00'),
        cutoff_at: at('12-02T01:00'),
        state: 'cancelled',
        reason: 'Frozen for the holidays',
        created_at: at('12-02T02:00'),
        finished_at: at('12-02T02:00'),
      });
      await knex('train_run_items').insert({
        run_id: 'nightly-1',
        service_ref: notifications,
        version: '6.0.0',
        state: 'blocked',
        change_count: 5,
      });
    },
    async check(ledger) {
      expect(await ledger.trains.get('nightly-1')).toMatchObject({
        state: 'cancelled',
        reason: 'Frozen for the holidays',
        items: [
          {
            service: notifications,
            version: '6.0.0',
            state: 'blocked',
            changeCount: 5,
          },
        ],
      });
    },
  },
  {
    // What went wrong with a deployer's call, apart from the reason.
    migration: '20261203000000_deployer_error.js',
    async write(knex) {
      await record(knex, [
        {
          ...deployment(
            'n1',
            notifications,
            'dev',
            '7.0.0',
            'deploy',
            '12-03T10:00',
          ),
          state: 'in-progress',
          deployer: 'argocd',
          started_at: at('12-03T10:00'),
          deployer_error: 'argocd: 503 Service Unavailable',
        },
        // Ended by the ledger, which said so only in the reason then.
        {
          ...deployment(
            'n2',
            notifications,
            'staging',
            '6.9.0',
            'deploy',
            '12-03T09:00',
          ),
          state: 'cancelled',
          external_id: 'gha-201',
          reason: 'Superseded by CI deployment gha-202',
          finished_at: at('12-03T09:05'),
        },
        {
          ...deployment(
            'n3',
            notifications,
            'staging',
            '6.9.1',
            'deploy',
            '12-03T09:05',
          ),
          state: 'failed',
          external_id: 'gha-202',
          deadline_at: at('12-03T10:05'),
          reason: `No report from CI by its deadline ${iso('12-03T10:05')}`,
          finished_at: at('12-03T10:05'),
        },
        // Worded the same by a person: not the ledger's doing.
        {
          ...deployment(
            'n4',
            notifications,
            'staging',
            '6.9.2',
            'deploy',
            '12-03T10:10',
          ),
          state: 'cancelled',
          external_id: 'gha-203',
          reason: 'superseded by CI deployment gha-204, says Ana',
          finished_at: at('12-03T10:15'),
        },
      ]);
      await knex('stage_state').insert({
        service_ref: notifications,
        stage: 'dev',
        in_flight_deployment_id: 'n1',
      });
    },
    async check(ledger) {
      expect(await ledger.deployments.get('n1')).toMatchObject({
        state: 'in-progress',
        deployerError: 'argocd: 503 Service Unavailable',
      });
      const [dev] = (await pipelineOf(ledger, notifications)).stages;
      expect(dev.inFlight?.id).toBe('n1');
      const ended = await ledger.deployments.findByExternalIds(
        ['gha-201', 'gha-202', 'gha-203'].map(externalId => ({
          service: notifications,
          externalId,
        })),
      );
      expect(
        [...ended.values()].map(d => [d.externalId, d.state, d.endedBy]).sort(),
      ).toEqual([
        ['gha-201', 'cancelled', 'superseded'],
        ['gha-202', 'failed', 'ci-deadline'],
        ['gha-203', 'cancelled', undefined],
      ]);
    },
  },
  {
    // Whether the ledger itself ended a deployment, in a column of its own.
    migration: '20261204000000_ended_by.js',
    async write(knex) {
      await record(knex, [
        {
          ...deployment(
            'sh1',
            shipping,
            'prod',
            '9.0.0',
            'deploy',
            '12-04T10:00',
          ),
          state: 'failed',
          external_id: 'jenkins-77',
          deadline_at: at('12-04T11:00'),
          reason: `No report from CI by its deadline ${iso('12-04T11:00')}`,
          finished_at: at('12-04T11:00'),
          ended_by: 'ci-deadline',
        },
      ]);
      // Versions of before hotfixes were recorded: one of reverts only.
      const build = (version: string, c: string, builtAt: string) => ({
        service_ref: shipping,
        version,
        commit_sha: c.repeat(40),
        built_at: at(builtAt),
      });
      await versionWithChanges(knex, build('9.0.1', '1', '12-04T12:00'), [
        { commit_sha: '1'.repeat(40), title: 'Revert "Free shipping"' },
        { commit_sha: '2'.repeat(40), title: "Revert 'Parcel lockers'" },
      ]);
      await versionWithChanges(knex, build('9.0.2', '3', '12-04T13:00'), [
        { commit_sha: '3'.repeat(40), title: 'Revert "Express rates"' },
        { commit_sha: '4'.repeat(40), title: 'Express rates, fixed' },
      ]);
      await versionWithChanges(knex, build('9.0.3', '5', '12-04T14:00'), []);
    },
    async check(ledger) {
      const found = await ledger.deployments.findByExternalIds([
        { service: shipping, externalId: 'jenkins-77' },
      ]);
      expect([...found.values()]).toEqual([
        expect.objectContaining({ state: 'failed', endedBy: 'ci-deadline' }),
      ]);
      // The API's deployment says why in its reason, not in the column.
      expect(await ledger.deployments.get('sh1')).not.toHaveProperty('endedBy');
      // The upgrade tells hotfixes by the one rule it can: all reverts.
      expect(
        await hotfixes(ledger, shipping, ['9.0.1', '9.0.2', '9.0.3']),
      ).toEqual([true, false, false]);
    },
  },
  {
    // The facts of the delivery metrics: when changes were committed, their
    // labels, and which versions are hotfixes.
    migration: '20261205000000_insights_facts.js',
    async write(knex) {
      const build = (
        version: string,
        c: string,
        builtAt: string,
        hotfix: boolean,
      ) => ({
        service_ref: pricing,
        version,
        commit_sha: c.repeat(40),
        built_at: at(builtAt),
        hotfix,
      });
      await versionWithChanges(
        knex,
        build('10.0.0', 'a', '12-05T10:00', false),
        [
          {
            commit_sha: 'a'.repeat(40),
            title: 'Price tiers',
            committed_at: at('12-05T08:00'),
            merged_at: at('12-05T09:00'),
            labels: JSON.stringify(['feature']),
          },
        ],
      );
      await versionWithChanges(
        knex,
        build('10.0.1', 'b', '12-05T11:00', true),
        [
          {
            commit_sha: 'b'.repeat(40),
            title: 'Round tier prices half up',
            merged_at: at('12-05T10:30'),
            labels: JSON.stringify(['Hotfix']),
          },
        ],
      );
    },
    async check(ledger) {
      expect(
        (await ledger.changes.between(pricing, undefined, '10.0.1', 10)).map(
          toChange,
        ),
      ).toEqual([
        {
          commitSha: 'b'.repeat(40),
          title: 'Round tier prices half up',
          author: 'ana.lima',
          mergedAt: iso('12-05T10:30'),
          issueKeys: [],
          labels: ['Hotfix'],
        },
        {
          commitSha: 'a'.repeat(40),
          title: 'Price tiers',
          author: 'ana.lima',
          committedAt: iso('12-05T08:00'),
          mergedAt: iso('12-05T09:00'),
          issueKeys: [],
          labels: ['feature'],
        },
      ]);
      expect(await hotfixes(ledger, pricing, ['10.0.0', '10.0.1'])).toEqual([
        false,
        true,
      ]);
    },
  },
  {
    // The drift the owners were told of, while it lasts.
    migration: '20261206000000_drift_notices.js',
    async write(knex) {
      await knex('drift_notices').insert({
        service_ref: orders,
        stage: 'prod',
        kind: 'lagging',
        message: 'Prod is 6 versions behind Staging',
        noticed_at: at('12-06T10:00'),
      });
    },
    async check(ledger) {
      const finding = {
        service: orders,
        stage: 'prod',
        kind: 'lagging',
        message: 'Prod is 7 versions behind Staging',
      };
      // Known already: nobody is told again while it lasts.
      expect(
        await ledger.drift.recordNotices(
          [orders],
          [finding],
          at('12-06T11:00'),
        ),
      ).toEqual([]);
    },
  },
  {
    // The weekly digests the owners were sent, one per owner and week.
    migration: '20261207000000_weekly_digests.js',
    async write(knex) {
      await knex('weekly_digests').insert({
        owner_ref: shop,
        week_start: '2026-11-30',
        sent: true,
        recorded_at: at('12-07T09:00'),
      });
    },
    async check(ledger) {
      expect(await ledger.digests.recorded('2026-11-30', [shop])).toEqual(
        new Set([shop]),
      );
      // Sent already: no replica sends it again.
      expect(
        await ledger.digests.record({
          owner: shop,
          weekStart: '2026-11-30',
          sent: true,
          at: at('12-07T10:00'),
        }),
      ).toBe(false);
    },
  },
  {
    migration: '20261207100000_dora_facts.js',
    async write(knex) {
      await knex('dora_fact_sources').insert({
        service_ref: metrics,
        stage: 'prod',
        hotfix_window_ms: 86_400_000,
        changed: 3,
        computed: 3,
      });
      await knex('dora_deployment_facts').insert({
        deployment_id: '00000000-0000-4000-8000-0000000000f1',
        service_ref: metrics,
        finished_at: at('12-07T10:15'),
        ran: true,
        is_change: true,
        failed: false,
        rework: false,
        recovery_ms: null,
      });
      await knex('dora_hourly_counts').insert({
        service_ref: metrics,
        hour: at('12-07T10:00'),
        deployments: 1,
        ran: 1,
        changes: 1,
        failed_changes: 0,
        rework: 0,
      });
      await knex('dora_fact_marks').insert({ service_ref: metrics });
    },
    async check(ledger) {
      const source = {
        service: metrics,
        stage: 'prod',
        hotfixWindowMs: 86_400_000,
      };
      // The version added since marks its facts out of date.
      expect(await ledger.doraFacts.staleOf([source])).toEqual([
        expect.objectContaining({ service: metrics, changed: 3 }),
      ]);
      const { totals } = await ledger.doraFacts.addUp(
        [metrics],
        [at('12-07T00:00').getTime()],
        at('12-08T00:00').getTime(),
      );
      expect(totals).toMatchObject({ deployments: 1, ran: 1, changes: 1 });
    },
  },
  {
    // Progressive roll-outs, their measurements and pushed health numbers.
    migration: '20261208000000_rollouts.js',
    async write(knex) {
      await record(knex, [
        {
          ...deployment(
            'lg1',
            ledgerSvc,
            'prod',
            '2.1.0',
            'promote',
            '12-08T10:00',
          ),
          state: 'in-progress',
          deployer: 'webhook',
          started_at: at('12-08T10:00'),
          deadline_at: at('12-08T11:00'),
        },
      ]);
      await knex('rollouts').insert({
        deployment_id: 'lg1',
        strategy: 'canary',
        runs_as: 'canary',
        baseline_version: '2.0.0',
        plan: JSON.stringify({
          strategy: 'canary',
          steps: [{ kind: 'set-weight', weight: 10 }, { kind: 'analysis' }],
          analysis: { provider: 'push', intervalSeconds: 30, count: 3 },
          keepPreviousMinutes: 30,
        }),
        step_index: 1,
        step_started_at: at('12-08T10:01'),
        measured_at: at('12-08T10:01'),
        weight: 10,
        phase: 'paused',
        paused_reason: 'Analysis inconclusive: error-rate: no canary value',
        updated_at: at('12-08T10:01'),
      });
      await knex('rollout_measurements').insert({
        deployment_id: 'lg1',
        step_index: 1,
        check: 'error-rate',
        phase: 'inconclusive',
        threshold: 1,
        reason: 'error-rate: no canary value',
        measured_at: at('12-08T10:01'),
      });
      await knex('health_reports').insert({
        deployment_id: 'lg1',
        check: 'latency-p95',
        canary: 130,
        baseline: 120,
        reported_by: 'source:ledger-ci',
        reported_at: at('12-08T10:02'),
      });
    },
    async check(ledger) {
      expect(await ledger.rollouts.get('lg1')).toMatchObject({
        phase: 'paused',
        stepIndex: 1,
        weight: 10,
        baselineVersion: '2.0.0',
        plan: expect.objectContaining({ strategy: 'canary' }),
      });
      expect(await ledger.rollouts.measurements('lg1')).toEqual([
        expect.objectContaining({ check: 'error-rate', phase: 'inconclusive' }),
      ]);
      expect(
        await ledger.rollouts.latestHealthReport(
          'lg1',
          'latency-p95',
          at('12-08T10:00'),
        ),
      ).toMatchObject({ canary: 130, baseline: 120 });
    },
  },
  {
    // Rollback rehearsals, phase by phase, with their durations.
    migration: '20261208100000_rollback_rehearsals.js',
    async write(knex) {
      await knex('rollback_rehearsals').insert({
        id: '00000000-0000-4000-8000-0000000000a1',
        service_ref: ledgerSvc,
        stage: 'staging',
        version: '2.1.0',
        previous_version: '2.0.0',
        phase: 'done',
        state: 'succeeded',
        rollback_ms: 100_000,
        redeploy_ms: 90_000,
        requested_by: ana,
        started_at: at('12-08T09:00'),
        phase_started_at: at('12-08T09:03'),
        finished_at: at('12-08T09:05'),
      });
    },
    async check(ledger) {
      const latest = await ledger.rehearsals.latestFinished(
        ledgerSvc,
        ['2.1.0'],
        ['staging'],
      );
      expect(latest.get('2.1.0')).toMatchObject({
        state: 'succeeded',
        previousVersion: '2.0.0',
        rollbackMs: 100_000,
        finishedAt: iso('12-08T09:05'),
      });
      expect(await ledger.rehearsals.running()).toEqual([]);
    },
  },
  {
    // An index for the history filtered by who asked for the deployments.
    migration: '20261209000000_deployments_created_by.js',
    async write(knex) {
      const done = (row: ReturnType<typeof deployment>, by: string) => ({
        ...row,
        state: 'succeeded',
        finished_at: row.created_at,
        created_by: by,
      });
      await record(knex, [
        done(
          deployment('pp1', people, 'dev', '1.0.0', 'deploy', '12-09T09:00'),
          ana,
        ),
        done(
          deployment('pp2', people, 'dev', '1.1.0', 'promote', '12-09T10:00'),
          ben,
        ),
      ]);
      // Services as this version wrote them: links only in their JSON.
      await knex('services').insert({
        service_ref: links,
        pipeline: 'default',
        depends_on: JSON.stringify(['component:default/links-db']),
        requires: JSON.stringify({ 'component:default/links-auth': '^2.0.0' }),
        consumes_apis: JSON.stringify(['api:default/links-search']),
        synced_at: at('12-09T09:00'),
      });
      await knex('services').insert({
        service_ref: 'component:default/links-search',
        pipeline: 'default',
        depends_on: '[]',
        provides_apis: JSON.stringify(['api:default/links-search']),
        synced_at: at('12-09T09:00'),
      });
    },
    async check(ledger) {
      const page = await ledger.deployments.list(people, {
        createdBy: ben,
        limit: 10,
      });
      expect(page.items.map(d => [d.id, d.createdBy])).toEqual([['pp2', ben]]);
      // The upgrade copies their links into service_links.
      expect([...(await ledger.services.linkedTo([links]))].sort()).toEqual([
        'component:default/links-auth',
        'component:default/links-db',
        'component:default/links-search',
      ]);
      expect([
        ...(await ledger.services.linkedTo(['component:default/links-db'])),
      ]).toEqual([links]);
    },
  },
  {
    // Each service's links, one row each, for its neighbourhood in the graph.
    migration: '20261210000000_service_links.js',
    async write(knex) {
      await knex('services').insert({
        service_ref: linked,
        pipeline: 'default',
        depends_on: JSON.stringify(['component:default/linked-db']),
        synced_at: at('12-10T09:00'),
      });
      await knex('service_links').insert({
        service_ref: linked,
        kind: 'depends-on',
        target: 'component:default/linked-db',
      });
    },
    async check(ledger) {
      expect([...(await ledger.services.linkedTo([linked]))]).toEqual([
        'component:default/linked-db',
      ]);
    },
  },
  {
    // Indexes for a stage's runs, newest finished first, and a version's runs.
    migration: '20261210100000_read_indexes.js',
    async write(knex) {
      const finished = (row: ReturnType<typeof deployment>, at_: string) => ({
        ...row,
        state: 'succeeded',
        finished_at: at(at_),
      });
      await record(knex, [
        finished(
          deployment('fin1', links, 'prod', '1.0.0', 'deploy', '12-10T09:00'),
          '12-10T09:30',
        ),
        finished(
          deployment('fin2', links, 'prod', '1.1.0', 'deploy', '12-10T09:10'),
          '12-10T09:20',
        ),
      ]);
    },
    async check(ledger) {
      const runs = await ledger.deployments.latestFinished(links, 'prod', {
        limit: 2,
      });
      expect(runs.map(d => d.id)).toEqual(['fin1', 'fin2']);
    },
  },
];
