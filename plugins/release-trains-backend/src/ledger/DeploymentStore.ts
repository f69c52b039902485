import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Deployment,
  DeploymentFilter,
  DeploymentKind,
  DeploymentPage,
  DeploymentState,
  GateCompliance,
  StageHold,
} from '@internal/backstage-plugin-release-trains-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { assertTransition, isFinished } from '../promotion/stateMachine';
import { parseTime, toIso } from './timestamps';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-release-trains-backend',
  'migrations',
);

type Timestamp = Date | string | number;

type DeploymentRow = {
  id: string;
  service_ref: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  state: DeploymentState;
  reason: string | null;
  external_id: string | null;
  created_by: string;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  deployer: string | null;
  deadline_at: Timestamp | null;
  train_run_id: string | null;
  ungated: boolean | number;
};

type StageStateRow = {
  service_ref: string;
  stage: string;
  current_deployment_id: string | null;
  current_version: string | null;
  current_since: Timestamp | null;
  in_flight_deployment_id: string | null;
  held_by: string | null;
  held_reason: string | null;
  held_at: Timestamp | null;
  deployments_ran: number | string;
  deployments_gated: number | string;
};

/** A deployment to add to the ledger. */
export type NewDeployment = {
  service: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  createdBy: string;
  /** Defaults to succeeded: a deployment reported after the fact. */
  state?: DeploymentState;
  reason?: string;
  /** The id a CI system gave the deployment. */
  externalId?: string;
  createdAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** For promotions and rollbacks: who carries it out, and until when. */
  deployer?: string;
  deadlineAt?: Date;
  trainRunId?: string;
  /** It changes what a stage with approvals runs without passing its gate. */
  ungated?: boolean;
};

/** Why a deployment changed, recorded with the change. */
export type TransitionCause = {
  cause: string;
  deliveryId?: string;
  at?: Date;
};

/** What a stage runs and what is on its way in, as stored. */
export type StageState = {
  stage: string;
  current?: Deployment & { since: string };
  inFlight?: Deployment;
  hold?: StageHold;
  /** Deployments that ran in the stage, and those that passed its gate. */
  compliance: GateCompliance;
};

/** Runs the plugin's migrations to the latest version. */
export async function migrateLedger(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

type Cursor = { createdAt: string; id: string };

function encodeCursor(row: DeploymentRow): string {
  const cursor: Cursor = { createdAt: toIso(row.created_at), id: row.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      typeof parsed.id === 'string' &&
      /^[0-9a-f-]{1,36}$/.test(parsed.id) &&
      typeof parsed.createdAt === 'string'
    ) {
      parseTime(parsed.createdAt, 'cursor');
      return parsed;
    }
  } catch {
    // fall through
  }
  throw new InputError('cursor: not a cursor this API returned');
}

export const externalKey = (service: string, externalId: string) =>
  `${service}\u0000${externalId}`;

const stageKey = (service: string, stage: string) => `${service}\u0000${stage}`;

function uniqueKeys(keys: { service: string; stage: string }[]) {
  return [
    ...new Map(keys.map(k => [stageKey(k.service, k.stage), k])).entries(),
  ]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, key]) => key);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * The deploy history: append-only deployments, their transitions, and the
 * per-(service, stage) state row, always changed in the same transaction as
 * the deployment that changes it.
 */
export class DeploymentStore {
  constructor(private readonly db: Knex) {}

  /**
   * Runs `fn` in one transaction, with a store bound to it (and the
   * transaction, for other stores to join).
   */
  async transaction<T>(
    fn: (store: DeploymentStore, trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(trx => fn(new DeploymentStore(trx), trx));
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

  /** Adds many deployments in one transaction, e.g. a demo history. */
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
   * Locks the given (service, stage) rows for the rest of the transaction,
   * always in the same order, so that concurrent transactions that touch
   * several stages wait for each other instead of deadlocking.
   */
  async lockStages(keys: { service: string; stage: string }[]): Promise<void> {
    for (const chunk of chunks(uniqueKeys(keys), 500)) {
      await this.db<StageStateRow>('stage_state')
        .insert(
          chunk.map(key => ({
            service_ref: key.service,
            stage: key.stage,
            current_deployment_id: null,
            current_version: null,
            current_since: null,
            in_flight_deployment_id: null,
            held_by: null,
            held_reason: null,
            held_at: null,
            deployments_ran: 0,
            deployments_gated: 0,
          })),
        )
        .onConflict(['service_ref', 'stage'])
        .ignore();
      // SQLite serialises writers already; PostgreSQL needs row locks.
      if (this.db.client.config.client === 'pg') {
        await this.db('stage_state')
          .whereIn(
            ['service_ref', 'stage'],
            chunk.map(k => [k.service, k.stage]),
          )
          .orderBy(['service_ref', 'stage'])
          .forUpdate()
          .select('service_ref');
      }
    }
  }

  /**
   * Moves a deployment to a new state, as the state machine allows. The
   * stage row is locked first, so concurrent moves of one deployment are
   * decided one after the other: the second sees the first's state.
   */
  async transition(
    id: string,
    to: DeploymentState,
    cause: TransitionCause & { reason?: string; deadlineAt?: Date },
  ): Promise<Deployment> {
    if (!this.db.isTransaction) {
      return this.transaction(store => store.transition(id, to, cause));
    }
    const { service, stage } = toStoredDeployment(await this.getRow(id));
    await this.lockStages([{ service, stage }]);
    const current = toStoredDeployment(await this.getRow(id));
    assertTransition(id, current.state, to);
    const at = (cause.at ?? new Date()).toISOString();
    const next: StoredDeployment = {
      ...current,
      state: to,
      ...(to === 'in-progress' && { startedAt: current.startedAt ?? at }),
      ...(isFinished(to) && { finishedAt: at }),
      ...(cause.reason && { reason: cause.reason }),
      ...(cause.deadlineAt && { deadlineAt: cause.deadlineAt.toISOString() }),
    };
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
   */
  async claim(
    deployment: NewDeployment,
    check: (stage: StageState, store: DeploymentStore) => Promise<void> | void,
    cause: TransitionCause,
  ): Promise<Deployment> {
    return this.transaction(async store => {
      const key = { service: deployment.service, stage: deployment.stage };
      await store.lockStages([key]);
      const stage = (await store.stageStates(deployment.service)).get(
        deployment.stage,
      )!;
      if (stage.inFlight) {
        throw new ConflictError(
          `Deployment ${stage.inFlight.id} of ${stage.inFlight.version} is already in flight into ${deployment.stage}`,
        );
      }
      await check(stage, store);
      const [claimed] = await store.addAll([deployment], cause);
      return claimed;
    });
  }

  /** Holds a stage after a rollback, or releases it (hold undefined). */
  async setHold(
    service: string,
    stage: string,
    hold: { by: string; reason: string; at: Date } | undefined,
  ): Promise<void> {
    await this.lockStages([{ service, stage }]);
    await this.db<StageStateRow>('stage_state')
      .where({ service_ref: service, stage })
      .update({
        held_by: hold?.by ?? null,
        held_reason: hold?.reason ?? null,
        held_at: hold?.at ?? null,
      });
  }

  /** What each service runs in a stage, by service ref. */
  async currentVersionsIn(stage: string): Promise<Map<string, string>> {
    const rows: Pick<StageStateRow, 'service_ref' | 'current_version'>[] =
      await this.db<StageStateRow>('stage_state')
        .where({ stage })
        .whereNotNull('current_version')
        .select('service_ref', 'current_version');
    return new Map(rows.map(row => [row.service_ref, row.current_version!]));
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

  /**
   * Whether the promotion engine is carrying this version into the stage
   * through its gate right now, or the stage runs it from such a deployment:
   * then a CI report of that version is the engine's own deployment.
   */
  async isGatedNow(
    service: string,
    stage: string,
    version: string,
  ): Promise<boolean> {
    const { current, inFlight } =
      (await this.stageStates(service)).get(stage) ?? {};
    // In flight counts once it passed its approvals: in progress.
    const carrying = inFlight?.state === 'in-progress' ? inFlight : undefined;
    return [current, carrying].some(
      deployment =>
        deployment?.version === version &&
        deployment.deployer !== undefined &&
        !deployment.ungated,
    );
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
    options: DeploymentFilter & { cursor?: string; limit: number },
  ): Promise<DeploymentPage> {
    const query = this.db<DeploymentRow>('deployments').where({
      service_ref: service,
    });
    if (options.stage) query.where('stage', options.stage);
    if (options.state) query.where('state', options.state);
    if (options.kind) query.where('kind', options.kind);
    if (options.from) {
      query.where('created_at', '>=', parseTime(options.from, 'from'));
    }
    if (options.to) query.where('created_at', '<', parseTime(options.to, 'to'));
    if (options.cursor) {
      const cursor = decodeCursor(options.cursor);
      const createdAt = new Date(cursor.createdAt);
      query.where(inner =>
        inner
          .where('created_at', '<', createdAt)
          .orWhere(same =>
            same
              .where('created_at', '=', createdAt)
              .where('id', '<', cursor.id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit);
    return {
      items: items.map(toDeployment),
      ...(rows.length > options.limit && {
        nextCursor: encodeCursor(items[items.length - 1]),
      }),
    };
  }

  /** What each stage of the service runs and what is on its way in. */
  async stageStates(service: string): Promise<Map<string, StageState>> {
    const ofService = () =>
      this.db<StageStateRow>('stage_state').where({ service_ref: service });
    // Both reads at once: the deployments are found through the state rows
    // (a union, not OR, so that PostgreSQL looks them up by primary key).
    const [states, deploymentRows] = await Promise.all([
      ofService(),
      this.db<DeploymentRow>('deployments').whereIn(
        'id',
        ofService()
          .select('current_deployment_id')
          .union(ofService().select('in_flight_deployment_id')),
      ),
    ]);
    const deployments = new Map(
      deploymentRows.map(row => [row.id, toDeployment(row)]),
    );
    return new Map(
      states.map(s => {
        const current = s.current_deployment_id
          ? deployments.get(s.current_deployment_id)
          : undefined;
        const inFlight = s.in_flight_deployment_id
          ? deployments.get(s.in_flight_deployment_id)
          : undefined;
        return [
          s.stage,
          {
            stage: s.stage,
            ...(current && {
              current: { ...current, since: toIso(s.current_since!) },
            }),
            ...(inFlight && { inFlight }),
            ...(s.held_by !== null && {
              hold: {
                by: s.held_by,
                reason: s.held_reason ?? '',
                at: toIso(s.held_at!),
              },
            }),
            compliance: {
              deployments: Number(s.deployments_ran),
              gated: Number(s.deployments_gated),
            },
          },
        ];
      }),
    );
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
   * Replays written deployments, in order, onto their (service, stage) rows
   * and saves the rows that changed. The rows are locked first.
   */
  private async applyToStages(
    writes: StoredDeployment[],
    receivedAt: Date | undefined,
  ) {
    const keys = writes.map(w => ({ service: w.service, stage: w.stage }));
    await this.lockStages(keys);
    const rows = new Map<string, StageStateRow>();
    for (const chunk of chunks(uniqueKeys(keys), 500)) {
      const found: StageStateRow[] = await this.db<StageStateRow>(
        'stage_state',
      ).whereIn(
        ['service_ref', 'stage'],
        chunk.map(k => [k.service, k.stage]),
      );
      for (const row of found)
        rows.set(stageKey(row.service_ref, row.stage), row);
    }
    const changed = new Map<string, StageStateRow>();
    for (const write of writes) {
      const key = stageKey(write.service, write.stage);
      const next = nextStageState(rows.get(key)!, write, receivedAt);
      if (next !== rows.get(key)) {
        rows.set(key, next);
        changed.set(key, next);
      }
    }
    await this.saveStageRows([...changed.values()]);
  }

  /** Updates many stage rows, a hundred to a statement. */
  private async saveStageRows(rows: StageStateRow[]) {
    const columns = [
      ['current_deployment_id', 'varchar(36)'],
      ['current_version', 'varchar(128)'],
      ['current_since', 'timestamptz'],
      ['in_flight_deployment_id', 'varchar(36)'],
      ['deployments_ran', 'integer'],
      ['deployments_gated', 'integer'],
    ] as const;
    for (const chunk of chunks(rows, 100)) {
      const whens = chunk
        .map(() => 'when service_ref = ? and stage = ? then cast(? as TYPE)')
        .join(' ');
      const sets = columns.map(
        ([column, type]) =>
          `${column} = case ${whens.replaceAll('TYPE', type)} end`,
      );
      const bindings = columns.flatMap(([column]) =>
        chunk.flatMap(row => [row.service_ref, row.stage, row[column]]),
      );
      await this.db.raw(
        `update stage_state set ${sets.join(
          ', ',
        )} where (service_ref, stage) in (${chunk
          .map(() => '(?, ?)')
          .join(', ')})`,
        [...bindings, ...chunk.flatMap(row => [row.service_ref, row.stage])],
      );
    }
  }

  /** The deployments with these CI ids, keyed by `externalKey`. */
  async findByExternalIds(
    keys: { service: string; externalId: string }[],
  ): Promise<Map<string, StoredDeployment>> {
    const found = new Map<string, StoredDeployment>();
    for (const chunk of chunks(keys, 500)) {
      const rows: DeploymentRow[] = await this.db<DeploymentRow>(
        'deployments',
      ).whereIn(
        ['service_ref', 'external_id'],
        chunk.map(k => [k.service, k.externalId]),
      );
      for (const row of rows) {
        found.set(
          externalKey(row.service_ref, row.external_id!),
          toStoredDeployment(row),
        );
      }
    }
    return found;
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
  }): Promise<void> {
    if (batch.inserts.length > 0) {
      await this.db.batchInsert('deployments', batch.inserts.map(toRow), 500);
    }
    for (const deployment of batch.updates) {
      const { id, ...changes } = toRow(deployment);
      await this.db<DeploymentRow>('deployments').where({ id }).update(changes);
    }
    if (batch.transitions.length > 0) {
      await this.db.batchInsert(
        'deployment_transitions',
        batch.transitions.map(t => ({
          deployment_id: t.deploymentId,
          from_state: t.from,
          to_state: t.to,
          cause: t.cause.cause,
          delivery_id: t.cause.deliveryId ?? null,
          at: t.cause.at ?? new Date(),
        })),
        500,
      );
    }
    await this.applyToStages(batch.writes, batch.receivedAt);
  }
}

/** A deployment as the ledger holds it, with the id CI gave it. */
export type StoredDeployment = Deployment & {
  externalId?: string;
  deadlineAt?: string;
};

function toPlain({
  externalId: _,
  deadlineAt: __,
  ...plain
}: StoredDeployment): Deployment {
  return plain;
}

/**
 * A stage row after a deployment was written: an unfinished deployment is
 * the stage's in-flight one unless another is; a finished one stops being
 * in flight; a succeeded one becomes current. Writes are applied in the
 * order the ledger receives them, under the stage's row lock: that order,
 * not a time a client reported, decides what the stage runs. `since` is
 * when the ledger learned it (`receivedAt`), or for deployments the server
 * carried out or recorded itself, when they finished.
 */
function nextStageState(
  state: StageStateRow,
  deployment: StoredDeployment,
  receivedAt: Date | undefined,
): StageStateRow {
  if (!isFinished(deployment.state)) {
    return state.in_flight_deployment_id === null
      ? { ...state, in_flight_deployment_id: deployment.id }
      : state;
  }
  let next = state;
  if (state.in_flight_deployment_id === deployment.id) {
    next = { ...next, in_flight_deployment_id: null };
  }
  const since =
    receivedAt ?? new Date(deployment.finishedAt ?? deployment.createdAt);
  if (deployment.state === 'succeeded') {
    // A deployment succeeds once: counted then, for gate compliance.
    next = {
      ...next,
      current_deployment_id: deployment.id,
      current_version: deployment.version,
      current_since: since,
      deployments_ran: Number(state.deployments_ran) + 1,
      deployments_gated:
        Number(state.deployments_gated) + (deployment.ungated ? 0 : 1),
    };
  }
  return next;
}

/** A new deployment as stored: finished ones finish when they are made. */
export function toStored(deployment: NewDeployment): StoredDeployment {
  const state = deployment.state ?? 'succeeded';
  const createdAt = deployment.createdAt ?? new Date();
  const finishedAt =
    deployment.finishedAt ?? (isFinished(state) ? createdAt : undefined);
  return {
    id: randomUUID(),
    service: deployment.service,
    stage: deployment.stage,
    version: deployment.version,
    kind: deployment.kind,
    state,
    ...(deployment.reason && { reason: deployment.reason }),
    ...(deployment.externalId && { externalId: deployment.externalId }),
    createdBy: deployment.createdBy,
    createdAt: createdAt.toISOString(),
    ...(deployment.startedAt && {
      startedAt: deployment.startedAt.toISOString(),
    }),
    ...(finishedAt && { finishedAt: finishedAt.toISOString() }),
    ...(deployment.deployer && { deployer: deployment.deployer }),
    ...(deployment.deadlineAt && {
      deadlineAt: deployment.deadlineAt.toISOString(),
    }),
    ...(deployment.trainRunId && { trainRunId: deployment.trainRunId }),
    ...(deployment.ungated && { ungated: true }),
  };
}

function toRow(deployment: StoredDeployment): DeploymentRow {
  return {
    id: deployment.id,
    service_ref: deployment.service,
    stage: deployment.stage,
    version: deployment.version,
    kind: deployment.kind,
    state: deployment.state,
    reason: deployment.reason ?? null,
    external_id: deployment.externalId ?? null,
    created_by: deployment.createdBy,
    created_at: new Date(deployment.createdAt),
    started_at: deployment.startedAt ? new Date(deployment.startedAt) : null,
    finished_at: deployment.finishedAt ? new Date(deployment.finishedAt) : null,
    deployer: deployment.deployer ?? null,
    deadline_at: deployment.deadlineAt ? new Date(deployment.deadlineAt) : null,
    train_run_id: deployment.trainRunId ?? null,
    ungated: deployment.ungated ?? false,
  };
}

function toStoredDeployment(row: DeploymentRow): StoredDeployment {
  return {
    ...toDeployment(row),
    ...(row.external_id !== null && { externalId: row.external_id }),
    ...(row.deadline_at !== null && { deadlineAt: toIso(row.deadline_at) }),
  };
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    service: row.service_ref,
    stage: row.stage,
    version: row.version,
    kind: row.kind,
    state: row.state,
    ...(row.reason && { reason: row.reason }),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(row.started_at !== null && { startedAt: toIso(row.started_at) }),
    ...(row.finished_at !== null && { finishedAt: toIso(row.finished_at) }),
    ...(row.deployer !== null && { deployer: row.deployer }),
    ...(row.train_run_id && { trainRunId: row.train_run_id }),
    ...(Boolean(row.ungated) && { ungated: true }),
  };
}
