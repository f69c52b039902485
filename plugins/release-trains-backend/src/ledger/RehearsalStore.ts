import { RollbackRehearsal } from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { append, chunks } from './deploymentRows';
import { InsightsStore } from './InsightsStore';
import { StageKey } from './StageStateStore';
import { Timestamp, toIso } from './timestamps';

type RehearsalRow = {
  id: string;
  service_ref: string;
  stage: string;
  version: string;
  previous_version: string;
  phase: RollbackRehearsal['phase'];
  state: RollbackRehearsal['state'];
  deployment_id: string | null;
  rollback_ms: number | null;
  redeploy_ms: number | null;
  reason: string | null;
  requested_by: string;
  started_at: Timestamp;
  phase_started_at: Timestamp;
  finished_at: Timestamp | null;
};

/** What moves a rehearsal on. */
export type RehearsalChange = Partial<
  Pick<
    RollbackRehearsal,
    | 'phase'
    | 'state'
    | 'deploymentId'
    | 'rollbackMs'
    | 'redeployMs'
    | 'reason'
    | 'phaseStartedAt'
    | 'finishedAt'
  >
>;

function toRehearsal(row: RehearsalRow): RollbackRehearsal {
  return {
    id: row.id,
    service: row.service_ref,
    stage: row.stage,
    version: row.version,
    previousVersion: row.previous_version,
    phase: row.phase,
    state: row.state,
    ...(row.deployment_id && { deploymentId: row.deployment_id }),
    ...(row.rollback_ms !== null && { rollbackMs: Number(row.rollback_ms) }),
    ...(row.redeploy_ms !== null && { redeployMs: Number(row.redeploy_ms) }),
    ...(row.reason && { reason: row.reason }),
    requestedBy: row.requested_by,
    startedAt: toIso(row.started_at),
    phaseStartedAt: toIso(row.phase_started_at),
    ...(row.finished_at !== null && { finishedAt: toIso(row.finished_at) }),
  };
}

/** Rehearsed rollbacks: one row each, moved on phase by phase. */
export class RehearsalStore {
  constructor(private readonly db: Knex) {}

  async create(rehearsal: RollbackRehearsal): Promise<void> {
    await this.db('rollback_rehearsals').insert({
      id: rehearsal.id,
      service_ref: rehearsal.service,
      stage: rehearsal.stage,
      version: rehearsal.version,
      previous_version: rehearsal.previousVersion,
      phase: rehearsal.phase,
      state: rehearsal.state,
      deployment_id: rehearsal.deploymentId ?? null,
      requested_by: rehearsal.requestedBy.slice(0, 255),
      started_at: new Date(rehearsal.startedAt),
      phase_started_at: new Date(rehearsal.phaseStartedAt),
    });
  }

  /** Forgets a rehearsal that never began (its first step was refused). */
  async delete(id: string): Promise<void> {
    await this.db('rollback_rehearsals').where({ id }).delete();
  }

  async get(id: string): Promise<RollbackRehearsal | undefined> {
    const row = await this.db<RehearsalRow>('rollback_rehearsals')
      .where({ id })
      .first();
    return row && toRehearsal(row);
  }

  /** Rehearsals still running, oldest first. */
  async running(limit = 200): Promise<RollbackRehearsal[]> {
    const rows: RehearsalRow[] = await this.db('rollback_rehearsals')
      .where({ state: 'running' })
      .orderBy('started_at')
      .limit(limit);
    return rows.map(toRehearsal);
  }

  /** A service's running rehearsal in a stage, if any. */
  async runningIn(
    service: string,
    stage: string,
  ): Promise<RollbackRehearsal | undefined> {
    const row = await this.db<RehearsalRow>('rollback_rehearsals')
      .where({ service_ref: service, stage, state: 'running' })
      .first();
    return row && toRehearsal(row);
  }

  /**
   * Moves a rehearsal on, provided it is still in the phase the caller saw:
   * false when another tick moved it first.
   */
  async move(
    id: string,
    seenPhase: RollbackRehearsal['phase'],
    change: RehearsalChange,
  ): Promise<boolean> {
    const columns: Record<string, unknown> = {};
    if (change.phase) columns.phase = change.phase;
    if (change.state) columns.state = change.state;
    if ('deploymentId' in change) {
      columns.deployment_id = change.deploymentId ?? null;
    }
    if (change.rollbackMs !== undefined)
      columns.rollback_ms = change.rollbackMs;
    if (change.redeployMs !== undefined)
      columns.redeploy_ms = change.redeployMs;
    if (change.reason) columns.reason = change.reason.slice(0, 1024);
    if (change.finishedAt) columns.finished_at = new Date(change.finishedAt);
    if (change.phaseStartedAt) {
      columns.phase_started_at = new Date(change.phaseStartedAt);
    }
    const updated = await this.db('rollback_rehearsals')
      .where({ id, phase: seenPhase, state: 'running' })
      .update(columns);
    return updated > 0;
  }

  /** A service's rehearsals, newest first, optionally of one version. */
  async list(
    service: string,
    options: { version?: string; limit?: number } = {},
  ): Promise<RollbackRehearsal[]> {
    const rows: RehearsalRow[] = await this.db('rollback_rehearsals')
      .where({ service_ref: service })
      .modify(query => {
        if (options.version) query.where({ version: options.version });
      })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit ?? 20);
    return rows.map(toRehearsal);
  }

  /**
   * The latest finished rehearsal of each of these versions of a service,
   * in any of the given stages.
   */
  async latestFinished(
    service: string,
    versions: string[],
    stages?: string[],
  ): Promise<Map<string, RollbackRehearsal>> {
    const latest = new Map<string, RollbackRehearsal>();
    for (const chunk of chunks(versions, 500)) {
      const rows: RehearsalRow[] = await this.db('rollback_rehearsals')
        .where({ service_ref: service })
        .whereIn('version', chunk)
        .whereNot({ state: 'running' })
        .modify(query => {
          if (stages) query.whereIn('stage', stages);
        })
        .orderBy('finished_at', 'desc');
      for (const row of rows) {
        if (!latest.has(row.version)) latest.set(row.version, toRehearsal(row));
      }
    }
    return latest;
  }

  /**
   * Of the promotions into each service's given stage that ran and
   * finished in `[from, to)`, how many had their version's rollback
   * rehearsed, successfully, before they started.
   */
  async rehearsalCounts(
    stages: StageKey[],
    from: Date,
    to: Date,
  ): Promise<
    {
      service_ref: string;
      releases: number | string;
      rehearsed: number | string;
    }[]
  > {
    const rows: {
      service_ref: string;
      releases: number | string;
      rehearsed: number | string;
    }[] = [];
    const rehearsedBefore = this.db('rollback_rehearsals as r')
      .whereRaw('r.service_ref = d.service_ref')
      .whereRaw('r.version = d.version')
      .where('r.state', 'succeeded')
      .whereRaw('r.finished_at <= coalesce(d.started_at, d.created_at)')
      .select(this.db.raw('1'));
    for (const chunk of chunks(stages, 500)) {
      append(
        rows,
        await new InsightsStore(this.db)
          .ranIn(chunk, from, to)
          .where('d.kind', 'promote')
          .groupBy('d.service_ref')
          .select(
            'd.service_ref',
            this.db.raw('count(*) as releases'),
            this.db.raw(
              `sum(case when exists (${rehearsedBefore.toQuery()}) then 1 else 0 end) as rehearsed`,
            ),
          ),
      );
    }
    return rows;
  }
}
