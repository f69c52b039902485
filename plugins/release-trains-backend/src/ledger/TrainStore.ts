import {
  TrainRun,
  TrainRunItem,
  TrainRunState,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { Timestamp, toIso } from './timestamps';

type RunRow = {
  id: string;
  train: string;
  departs_at: Timestamp;
  cutoff_at: Timestamp;
  state: TrainRunState;
  stage: string | null;
  reason: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
};

type ItemRow = {
  id?: number | string;
  run_id: string;
  service_ref: string;
  version: string | null;
  from_version: string | null;
  state: TrainRunItem['state'];
  stage: string | null;
  deployment_id: string | null;
  change_count: number;
  reason: string | null;
};

const FINISHED: TrainRunState[] = [
  'arrived',
  'partially-rolled-back',
  'cancelled',
];

function toItem(row: ItemRow): TrainRunItem {
  return {
    service: row.service_ref,
    ...(row.version !== null && { version: row.version }),
    ...(row.from_version !== null && { fromVersion: row.from_version }),
    state: row.state,
    ...(row.stage !== null && { stage: row.stage }),
    ...(row.deployment_id !== null && { deploymentId: row.deployment_id }),
    changeCount: Number(row.change_count),
    ...(row.reason !== null && { reason: row.reason }),
  };
}

function toRun(row: RunRow, items: ItemRow[]): TrainRun {
  return {
    id: row.id,
    train: row.train,
    departsAt: toIso(row.departs_at),
    cutoffAt: toIso(row.cutoff_at),
    state: row.state,
    ...(row.stage !== null && { stage: row.stage }),
    ...(row.reason !== null && { reason: row.reason }),
    createdAt: toIso(row.created_at),
    ...(row.finished_at !== null && { finishedAt: toIso(row.finished_at) }),
    items: items.map(toItem),
  };
}

/** Train runs and what they carry. */
export class TrainStore {
  constructor(private readonly db: Knex) {}

  /**
   * Claims a departure: creates its run, or answers undefined when the run
   * exists already — another replica, or an earlier tick, departed it.
   */
  async claimDeparture(departure: {
    train: string;
    departsAt: Date;
    cutoffAt: Date;
  }): Promise<string | undefined> {
    const id = randomUUID();
    const inserted = await this.db<RunRow>('train_runs')
      .insert({
        id,
        train: departure.train,
        departs_at: departure.departsAt,
        cutoff_at: departure.cutoffAt,
        state: 'boarding',
        stage: null,
        reason: null,
        created_at: new Date(),
        finished_at: null,
      })
      .onConflict(['train', 'departs_at'])
      .ignore()
      .returning('id');
    return inserted.length > 0 ? id : undefined;
  }

  /** Departure times of a train's runs since `since`. */
  async departedSince(train: string, since: Date): Promise<Set<string>> {
    const rows: Pick<RunRow, 'departs_at'>[] = await this.db<RunRow>(
      'train_runs',
    )
      .where({ train })
      .where('departs_at', '>=', since)
      .select('departs_at');
    return new Set(rows.map(row => toIso(row.departs_at)));
  }

  async saveItems(runId: string, items: TrainRunItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.batchInsert(
      'train_run_items',
      items.map(item => ({ run_id: runId, ...toItemRow(item) })),
      200,
    );
  }

  async updateItem(runId: string, item: TrainRunItem): Promise<void> {
    await this.db<ItemRow>('train_run_items')
      .where({ run_id: runId, service_ref: item.service })
      .update(toItemRow(item));
  }

  async setState(
    runId: string,
    state: TrainRunState,
    details: { stage?: string; reason?: string } = {},
  ): Promise<void> {
    await this.db<RunRow>('train_runs')
      .where({ id: runId })
      .update({
        state,
        stage: details.stage ?? null,
        reason: details.reason ?? null,
        finished_at: FINISHED.includes(state) ? new Date() : null,
      });
  }

  async get(runId: string): Promise<TrainRun | undefined> {
    const row = await this.db<RunRow>('train_runs')
      .where({ id: runId })
      .first();
    if (!row) return undefined;
    const items = await this.db<ItemRow>('train_run_items')
      .where({ run_id: runId })
      .orderBy('service_ref');
    return toRun(row, items);
  }

  /** Runs still under way, oldest first, with their items. */
  async listUnfinished(): Promise<TrainRun[]> {
    const rows = await this.db<RunRow>('train_runs')
      .whereNotIn('state', FINISHED)
      .orderBy('departs_at');
    return this.withItems(rows);
  }

  /** A train's runs (or every train's), newest first. */
  async list(options: {
    train?: string;
    before?: Date;
    limit: number;
  }): Promise<TrainRun[]> {
    const query = this.db<RunRow>('train_runs')
      .orderBy([
        { column: 'departs_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.train) query.where({ train: options.train });
    if (options.before) query.where('departs_at', '<', options.before);
    return this.withItems(await query);
  }

  private async withItems(rows: RunRow[]): Promise<TrainRun[]> {
    if (rows.length === 0) return [];
    const items = await this.db<ItemRow>('train_run_items')
      .whereIn(
        'run_id',
        rows.map(row => row.id),
      )
      .orderBy('service_ref');
    return rows.map(row =>
      toRun(
        row,
        items.filter(item => item.run_id === row.id),
      ),
    );
  }
}

function toItemRow(item: TrainRunItem): Omit<ItemRow, 'run_id' | 'id'> {
  return {
    service_ref: item.service,
    version: item.version ?? null,
    from_version: item.fromVersion ?? null,
    state: item.state,
    stage: item.stage ?? null,
    deployment_id: item.deploymentId ?? null,
    change_count: item.changeCount,
    reason: item.reason ?? null,
  };
}
