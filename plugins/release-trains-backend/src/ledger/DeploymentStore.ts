import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Deployment,
  DeploymentPage,
  DeploymentState,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { CiWorkingSet, readCiWorkingSet } from './ciDeployments';
import {
  chunks,
  DeploymentRow,
  NewDeployment,
  StoredDeployment,
  toDeployment,
  toPlain,
  toRow,
  toStored,
  toStoredDeployment,
  TransitionCause,
} from './deploymentRows';
import { DoraFactStore } from './DoraFactStore';
import {
  LockedStages,
  StageKey,
  StageState,
  StageStateStore,
} from './StageStateStore';
import { historyPage, HistoryOptions, HistoryScope } from './historyPage';
import { EndedBy, isFinished, moveTo } from './stateMachine';

export type {
  NewDeployment,
  StoredDeployment,
  TransitionCause,
} from './deploymentRows';
export { externalKey, toStored } from './deploymentRows';

/** The length of the `deployer_error` column. */
const DEPLOYER_ERROR_LENGTH = 1024;

/**
 * The deploy history: append-only deployments, their transitions, and the
 * per-(service, stage) state row, always changed in the same transaction as
 * the deployment that changes it.
 */
export class DeploymentStore {
  private readonly stages: StageStateStore;
  private readonly doraFacts: DoraFactStore;

  constructor(private readonly db: Knex) {
    this.stages = new StageStateStore(db);
    this.doraFacts = new DoraFactStore(db);
  }

  /** Runs `fn` in one transaction, with a store bound to it. */
  private async transaction<T>(
    fn: (store: DeploymentStore) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(trx => fn(new DeploymentStore(trx)));
  }

  async record(
    deployment: NewDeployment,
    cause: TransitionCause = { cause: 'recorded' },
  ): Promise<Deployment> {
    if (this.db.isTransaction) {
      const [inTransaction] = await this.addAll([deployment], cause);
      return inTransaction;
    }
    const [recorded] = await this.transaction(store =>
      store.addAll([deployment], cause),
    );
    return recorded;
  }

  /** Adds many deployments in one transaction, e.g. an imported history. */
  async recordAll(deployments: NewDeployment[]): Promise<void> {
    await this.transaction(store =>
      store.addAll(deployments, { cause: 'recorded' }),
    );
  }

  /** Adds deployments in the given order; the caller provides the transaction. */
  private async addAll(
    deployments: NewDeployment[],
    cause: TransitionCause,
  ): Promise<Deployment[]> {
    const stored = deployments.map(toStored);
    await this.writeBatch({
      inserts: stored,
      updates: [],
      transitions: stored.map(d => ({
        deploymentId: d.id,
        from: null,
        to: d.state,
        cause,
      })),
      writes: stored,
    });
    return stored.map(toPlain);
  }

  /**
   * Moves a deployment to a new state, as the state machine allows. The
   * stage row is locked first, so concurrent moves of one deployment are
   * decided one after the other: the second sees the first's state.
   */
  async transition(
    id: string,
    to: DeploymentState,
    cause: TransitionCause & {
      reason?: string;
      deadlineAt?: Date;
      deployerError?: string;
      endedBy?: EndedBy;
    },
  ): Promise<Deployment> {
    if (!this.db.isTransaction) {
      return this.transaction(store => store.transition(id, to, cause));
    }
    const { service, stage } = toStoredDeployment(await this.getRow(id));
    await this.stages.lock([{ service, stage }]);
    const current = toStoredDeployment(await this.getRow(id));
    const next = moveTo(current, to, (cause.at ?? new Date()).toISOString(), {
      reason: cause.reason,
      deadlineAt: cause.deadlineAt?.toISOString(),
      deployerError: cause.deployerError?.slice(0, DEPLOYER_ERROR_LENGTH),
      endedBy: cause.endedBy,
    });
    await this.writeBatch({
      inserts: [],
      updates: [next],
      transitions: [{ deploymentId: id, from: current.state, to, cause }],
      writes: [next],
    });
    return toPlain(next);
  }

  /**
   * Claims a (service, stage) for a new deployment: with the stage row
   * locked, refuses when a deployment is already in flight there, lets
   * `check` refuse on what the stage runs, then adds the deployment, which
   * becomes the stage's in-flight one. Replicas on one PostgreSQL wait for
   * each other on the row lock, so exactly one claim of a free stage wins.
   * A rollback pre-empts a deployment in flight that has not started
   * (pending, or awaiting approval): it is cancelled in the same
   * transaction; one in progress still refuses it.
   */
  async claim(
    deployment: NewDeployment,
    check: (stage: StageState, stages: StageStateStore) => Promise<void> | void,
    cause: TransitionCause,
  ): Promise<Deployment> {
    return this.transaction(async store => {
      const key = { service: deployment.service, stage: deployment.stage };
      await store.stages.lock([key]);
      const stage = (await store.stages.ofService(deployment.service)).get(
        deployment.stage,
      )!;
      const { inFlight } = stage;
      const preempts =
        deployment.kind === 'rollback' &&
        (inFlight?.state === 'pending' ||
          inFlight?.state === 'awaiting-approval');
      if (inFlight && !preempts) {
        throw new ConflictError(
          `Deployment ${inFlight.id} of ${inFlight.version} is already in flight into ${deployment.stage}`,
        );
      }
      await check(stage, store.stages);
      // Named now, so that the deployment it pre-empts can say by what.
      const claiming = { ...deployment, id: deployment.id ?? randomUUID() };
      if (inFlight) {
        await store.transition(inFlight.id, 'cancelled', {
          cause: `pre-empted by rollback ${claiming.id}`,
          reason: `Pre-empted by rollback ${claiming.id}`,
          at: deployment.createdAt,
        });
      }
      const [claimed] = await store.addAll([claiming], cause);
      return claimed;
    });
  }

  /**
   * Records a deployer's error on a deployment still in progress, without
   * moving it: whether the call reached the other side is not known, so
   * the reconciler goes on asking for its status.
   */
  async recordDeployerError(id: string, error: string): Promise<void> {
    await this.db<DeploymentRow>('deployments')
      .where({ id, state: 'in-progress' })
      .update({ deployer_error: error.slice(0, DEPLOYER_ERROR_LENGTH) });
  }

  /** Moves the deadline of a deployment in progress (a roll-out's steps, a pause). */
  async extendDeadline(id: string, deadlineAt: Date): Promise<void> {
    await this.db<DeploymentRow>('deployments')
      .where({ id, state: 'in-progress' })
      .update({ deadline_at: deadlineAt });
  }

  /**
   * Deployments no deployer carries out — awaiting approval, or reported
   * started by CI — whose deadline has passed, oldest first.
   */
  async listExpired(now: Date, limit = 500): Promise<StoredDeployment[]> {
    const rows: DeploymentRow[] = await this.db<DeploymentRow>('deployments')
      .where('deadline_at', '<=', now)
      .where(unattended =>
        unattended
          .whereIn('state', ['pending', 'awaiting-approval'])
          .orWhere(ci =>
            ci.where('state', 'in-progress').whereNull('deployer'),
          ),
      )
      .orderBy('created_at')
      .limit(limit);
    return rows.map(toStoredDeployment);
  }

  /** Deployments a deployer is carrying out, oldest first. */
  async listInProgress(limit = 500): Promise<StoredDeployment[]> {
    const rows: DeploymentRow[] = await this.db<DeploymentRow>('deployments')
      .where({ state: 'in-progress' })
      .whereNotNull('deployer')
      .orderBy('created_at')
      .limit(limit);
    return rows.map(toStoredDeployment);
  }

  /**
   * The latest finished deployments of a service in a stage, newest first,
   * optionally only of one version.
   */
  async latestFinished(
    service: string,
    stage: string,
    options: {
      version?: string;
      states?: DeploymentState[];
      limit?: number;
      /** Leave out ungated deployments. */
      gatedOnly?: boolean;
    } = {},
  ): Promise<Deployment[]> {
    const query = this.db<DeploymentRow>('deployments')
      .where({ service_ref: service, stage })
      .whereNotNull('finished_at')
      .orderBy([
        { column: 'finished_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit ?? 1);
    if (options.version) query.where('version', options.version);
    if (options.states) query.whereIn('state', options.states);
    if (options.gatedOnly) query.where('ungated', false);
    return (await query).map(toDeployment);
  }

  /** The newest deployment a train run made of a service into a stage. */
  async latestOfTrainRun(
    trainRunId: string,
    service: string,
    stage: string,
  ): Promise<Deployment | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ service_ref: service, stage, train_run_id: trainRunId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row && toDeployment(row);
  }

  async get(id: string): Promise<Deployment | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ id })
      .first();
    return row && toDeployment(row);
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db('deployments').first('id');
    return row === undefined;
  }

  /** A page of a service's deployments, newest first. */
  async list(
    service: string,
    options: HistoryOptions,
  ): Promise<DeploymentPage> {
    return historyPage(this.db, { services: [service] }, options);
  }

  /** A page of the deployments of several services, newest first. */
  async listIn(
    scope: HistoryScope,
    options: HistoryOptions,
  ): Promise<DeploymentPage> {
    return historyPage(this.db, scope, options);
  }

  private async getRow(id: string): Promise<DeploymentRow> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ id })
      .first();
    if (!row) {
      throw new NotFoundError(`No deployment ${id}`);
    }
    return row;
  }

  /**
   * The deployments CI events are about: those with their CI ids, and
   * those unfinished in their stages. Read with the stages locked.
   */
  async ciWorkingSet(
    ids: { service: string; externalId: string }[],
    stages: StageKey[],
  ): Promise<CiWorkingSet> {
    return readCiWorkingSet(this.db, ids, stages);
  }

  /** The deployments with these CI ids, keyed by `externalKey`. */
  async findByExternalIds(
    keys: { service: string; externalId: string }[],
  ): Promise<Map<string, StoredDeployment>> {
    return (await readCiWorkingSet(this.db, keys, [])).byExternalId;
  }

  /**
   * Saves what a batch decided, in bulk: new and changed deployments (their
   * final state), every transition, and the stage rows, replayed from
   * `writes` — each deployment's state after every change, in order — so
   * they end as if the deployments had been written one by one.
   */
  async writeBatch(batch: {
    inserts: StoredDeployment[];
    updates: StoredDeployment[];
    transitions: {
      deploymentId: string;
      from: DeploymentState | null;
      to: DeploymentState;
      cause: TransitionCause;
    }[];
    writes: StoredDeployment[];
    /** When the ledger received what a client reported (CI events). */
    receivedAt?: Date;
    /** The stage rows of `writes`, if the transaction locked them already. */
    lockedStages?: LockedStages;
  }): Promise<void> {
    // Plain inserts: the caller's transaction holds them together.
    for (const chunk of chunks(batch.inserts, 500)) {
      await this.db('deployments').insert(chunk.map(toRow));
    }
    for (const deployment of batch.updates) {
      const { id, ...changes } = toRow(deployment);
      await this.db<DeploymentRow>('deployments').where({ id }).update(changes);
    }
    for (const chunk of chunks(batch.transitions, 500)) {
      await this.db('deployment_transitions').insert(
        chunk.map(t => ({
          deployment_id: t.deploymentId,
          from_state: t.from,
          to_state: t.to,
          cause: t.cause.cause,
          delivery_id: t.cause.deliveryId ?? null,
          at: t.cause.at ?? new Date(),
        })),
      );
    }
    await this.stages.apply(batch.writes, batch.receivedAt, batch.lockedStages);
    // After the stage rows, which are locked in a fixed order: two batches
    // never wait on each other's fact sources.
    await this.doraFacts.markChanged(
      batch.writes.filter(write => isFinished(write.state)),
    );
  }
}
