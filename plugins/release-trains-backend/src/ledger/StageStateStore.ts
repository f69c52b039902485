import {
  Deployment,
  GateCompliance,
  StageHold,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import {
  chunks,
  DeploymentRow,
  StoredDeployment,
  toDeployment,
} from './deploymentRows';
import { isFinished } from './stateMachine';
import { Timestamp, toIso } from './timestamps';

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

/** What a stage runs and what is on its way in, as stored. */
export type StageState = {
  stage: string;
  current?: Deployment & { since: string };
  inFlight?: Deployment;
  hold?: StageHold;
  /** Deployments that ran in the stage, and those that passed its gate. */
  compliance: GateCompliance;
};

export type StageKey = { service: string; stage: string };

/**
 * Stage rows a transaction locked and read, by stage key; kept current by
 * `apply` as it changes them.
 */
export type LockedStages = Map<string, StageStateRow>;

/** A stage row before anything ran in the stage. */
const emptyRow = (key: StageKey): StageStateRow => ({
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
});

const stageKey = (service: string, stage: string) => `${service}\u0000${stage}`;

/** The keys without repeats, in the one order rows are locked in. */
export function uniqueKeys(keys: StageKey[]): StageKey[] {
  return [
    ...new Map(keys.map(k => [stageKey(k.service, k.stage), k])).entries(),
  ]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, key]) => key);
}

/**
 * The per-(service, stage) row: what the stage runs, what is in flight,
 * its hold and its gate-compliance counts. Written only in the transaction
 * that writes the deployment that changes it, under the row's lock.
 */
export class StageStateStore {
  constructor(private readonly db: Knex) {}

  /**
   * Locks the given (service, stage) rows for the rest of the transaction,
   * always in the same order, so that concurrent transactions that touch
   * several stages wait for each other instead of deadlocking.
   */
  async lock(keys: StageKey[]): Promise<void> {
    await this.lockRows(keys, false);
  }

  /**
   * Locks the rows as `lock` does and reads them in the same statement:
   * hand them to `apply` later in the transaction, which then neither locks
   * nor reads them again.
   */
  async lockAndRead(keys: StageKey[]): Promise<LockedStages> {
    return this.lockRows(keys, true);
  }

  private async lockRows(keys: StageKey[], read: boolean) {
    const rows: LockedStages = new Map();
    const isPostgres = this.db.client.config.client === 'pg';
    for (const chunk of chunks(uniqueKeys(keys), 500)) {
      await this.db<StageStateRow>('stage_state')
        .insert(chunk.map(emptyRow))
        .onConflict(['service_ref', 'stage'])
        .ignore();
      // SQLite serialises writers already; PostgreSQL needs row locks.
      if (!isPostgres && !read) continue;
      const query = this.db<StageStateRow>('stage_state').whereIn(
        ['service_ref', 'stage'],
        chunk.map(k => [k.service, k.stage]),
      );
      if (isPostgres) {
        query.orderBy(['service_ref', 'stage']).forUpdate();
      }
      const found: StageStateRow[] = await query.select(
        read ? '*' : 'service_ref',
      );
      if (!read) continue;
      for (const row of found) {
        rows.set(stageKey(row.service_ref, row.stage), row);
      }
    }
    return rows;
  }

  /** Holds a stage after a rollback, or releases it (hold undefined). */
  async setHold(
    service: string,
    stage: string,
    hold: { by: string; reason: string; at: Date } | undefined,
  ): Promise<void> {
    await this.lock([{ service, stage }]);
    await this.db<StageStateRow>('stage_state')
      .where({ service_ref: service, stage })
      .update({
        held_by: hold?.by ?? null,
        held_reason: hold?.reason ?? null,
        held_at: hold?.at ?? null,
      });
  }

  /**
   * How many deployments succeeded in each of these stages, by
   * `<service> <stage>`: what reading a stage's history costs.
   */
  async succeededCounts(
    stages: { service: string; stage: string }[],
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const chunk of chunks(stages, 500)) {
      const rows: Pick<
        StageStateRow,
        'service_ref' | 'stage' | 'deployments_ran'
      >[] = await this.db<StageStateRow>('stage_state')
        .whereIn(
          ['service_ref', 'stage'],
          chunk.map(({ service, stage }) => [service, stage]),
        )
        .select('service_ref', 'stage', 'deployments_ran');
      for (const row of rows) {
        counts.set(
          `${row.service_ref} ${row.stage}`,
          Number(row.deployments_ran),
        );
      }
    }
    return counts;
  }

  /** What each service runs in a stage, by service ref. */
  async currentVersionsIn(
    stage: string,
    /** Only these services; all when left out. */
    services?: string[],
  ): Promise<Map<string, string>> {
    const read = (refs?: string[]) => {
      const query = this.db<StageStateRow>('stage_state')
        .where({ stage })
        .whereNotNull('current_version')
        .select('service_ref', 'current_version');
      if (refs) query.whereIn('service_ref', refs);
      return query;
    };
    const rows: Pick<StageStateRow, 'service_ref' | 'current_version'>[] =
      services
        ? (await Promise.all(chunks(services, 500).map(read))).flat()
        : await read();
    return new Map(rows.map(row => [row.service_ref, row.current_version!]));
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
      (await this.ofService(service)).get(stage) ?? {};
    // In flight counts once it passed its approvals: in progress.
    const carrying = inFlight?.state === 'in-progress' ? inFlight : undefined;
    return [current, carrying].some(
      deployment =>
        deployment?.version === version &&
        deployment.deployer !== undefined &&
        !deployment.ungated,
    );
  }

  /** What each stage of the service runs and what is on its way in. */
  async ofService(service: string): Promise<Map<string, StageState>> {
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
    return new Map(states.map(s => [s.stage, toStageState(s, deployments)]));
  }

  /**
   * Replays written deployments, in order, onto their (service, stage) rows
   * and saves the rows that changed. The rows are locked first, unless the
   * transaction did already with `lockAndRead` and passes what it read.
   */
  async apply(
    writes: StoredDeployment[],
    receivedAt: Date | undefined,
    locked?: LockedStages,
  ): Promise<void> {
    const keys = writes.map(w => ({ service: w.service, stage: w.stage }));
    const rows =
      locked && keys.every(k => locked.has(stageKey(k.service, k.stage)))
        ? locked
        : await this.lockAndRead(keys);
    const changed = new Map<string, StageStateRow>();
    for (const write of writes) {
      const key = stageKey(write.service, write.stage);
      const next = nextStageState(rows.get(key)!, write, receivedAt);
      if (next !== rows.get(key)) {
        rows.set(key, next);
        changed.set(key, next);
      }
    }
    await this.save([...changed.values()]);
  }

  /**
   * Updates many stage rows, 500 to a statement, from a list of values
   * (named column1, column2, … by both PostgreSQL and SQLite).
   */
  private async save(rows: StageStateRow[]) {
    const columns = [
      ['current_deployment_id', 'varchar(36)'],
      ['current_version', 'varchar(128)'],
      ['current_since', 'timestamptz'],
      ['in_flight_deployment_id', 'varchar(36)'],
      ['deployments_ran', 'integer'],
      ['deployments_gated', 'integer'],
    ] as const;
    const tuple = `(?, ?, ${columns
      .map(([, type]) => `cast(? as ${type})`)
      .join(', ')})`;
    const sets = columns.map(([column], i) => `${column} = v.column${i + 3}`);
    for (const chunk of chunks(rows, 500)) {
      await this.db.raw(
        `update stage_state set ${sets.join(', ')}
         from (values ${chunk.map(() => tuple).join(', ')}) as v
         where stage_state.service_ref = v.column1 and stage_state.stage = v.column2`,
        chunk.flatMap(row => [
          row.service_ref,
          row.stage,
          ...columns.map(([column]) => row[column]),
        ]),
      );
    }
  }
}

function toStageState(
  row: StageStateRow,
  deployments: Map<string, Deployment>,
): StageState {
  const current = row.current_deployment_id
    ? deployments.get(row.current_deployment_id)
    : undefined;
  const inFlight = row.in_flight_deployment_id
    ? deployments.get(row.in_flight_deployment_id)
    : undefined;
  return {
    stage: row.stage,
    ...(current && {
      current: { ...current, since: toIso(row.current_since!) },
    }),
    ...(inFlight && { inFlight }),
    ...(row.held_by !== null && {
      hold: {
        by: row.held_by,
        reason: row.held_reason ?? '',
        at: toIso(row.held_at!),
      },
    }),
    compliance: {
      deployments: Number(row.deployments_ran),
      gated: Number(row.deployments_gated),
    },
  };
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
