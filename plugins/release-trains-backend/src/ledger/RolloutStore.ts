import { JsonObject } from '@backstage/types';
import {
  HealthCheckKind,
  RolloutMeasurement,
  RolloutPhase,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { Timestamp, toIso } from './timestamps';

/** A roll-out as stored: where it stands, and the plan it follows. */
export type StoredRollout = {
  deploymentId: string;
  strategy: 'canary' | 'blue-green';
  runsAs: 'canary' | 'blue-green' | 'rolling';
  note?: string;
  baselineVersion?: string;
  /** The steps and analysis as configured when it began. */
  plan: JsonObject;
  stepIndex: number;
  stepStartedAt?: string;
  weight: number;
  phase: RolloutPhase;
  pausedReason?: string;
  abortReason?: string;
  breachedAt?: string;
  rollbackDeploymentId?: string;
  rollbackStartedAt?: string;
};

/** What moves a roll-out on: any of its fields but the plan. */
export type RolloutChange = Partial<
  Omit<StoredRollout, 'deploymentId' | 'strategy' | 'plan'>
>;

/** Health numbers a system pushed for one check. */
export type HealthReport = {
  check: HealthCheckKind;
  canary?: number;
  baseline?: number;
  reportedAt: string;
};

type RolloutRow = {
  deployment_id: string;
  strategy: StoredRollout['strategy'];
  runs_as: StoredRollout['runsAs'];
  note: string | null;
  baseline_version: string | null;
  plan: string;
  step_index: number;
  step_started_at: Timestamp | null;
  weight: number;
  phase: RolloutPhase;
  paused_reason: string | null;
  abort_reason: string | null;
  breached_at: Timestamp | null;
  rollback_deployment_id: string | null;
  rollback_started_at: Timestamp | null;
};

const COLUMNS: Record<keyof RolloutChange, keyof RolloutRow> = {
  runsAs: 'runs_as',
  note: 'note',
  baselineVersion: 'baseline_version',
  stepIndex: 'step_index',
  stepStartedAt: 'step_started_at',
  weight: 'weight',
  phase: 'phase',
  pausedReason: 'paused_reason',
  abortReason: 'abort_reason',
  breachedAt: 'breached_at',
  rollbackDeploymentId: 'rollback_deployment_id',
  rollbackStartedAt: 'rollback_started_at',
};

const TEXT_LENGTH = 1024;

const optional = <T>(value: T | null): T | undefined => value ?? undefined;
const optionalTime = (value: Timestamp | null) =>
  value === null ? undefined : toIso(value);
const optionalNumber = (value: number | string | null) =>
  value === null ? undefined : Number(value);

function toRollout(row: RolloutRow): StoredRollout {
  return {
    deploymentId: row.deployment_id,
    strategy: row.strategy,
    runsAs: row.runs_as,
    note: optional(row.note),
    baselineVersion: optional(row.baseline_version),
    plan: JSON.parse(row.plan),
    stepIndex: Number(row.step_index),
    stepStartedAt: optionalTime(row.step_started_at),
    weight: Number(row.weight),
    phase: row.phase,
    pausedReason: optional(row.paused_reason),
    abortReason: optional(row.abort_reason),
    breachedAt: optionalTime(row.breached_at),
    rollbackDeploymentId: optional(row.rollback_deployment_id),
    rollbackStartedAt: optionalTime(row.rollback_started_at),
  };
}

/** A field's value as its column holds it: times as dates, text cut to fit. */
function toColumn(column: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== 'string') return value;
  return column.endsWith('_at') ? new Date(value) : value.slice(0, TEXT_LENGTH);
}

function toColumns(change: RolloutChange, at: Date) {
  const columns: Record<string, unknown> = { updated_at: at };
  for (const [field, value] of Object.entries(change)) {
    const column = COLUMNS[field as keyof RolloutChange];
    columns[column] = toColumn(column, value);
  }
  return columns;
}

/** Roll-outs, their measurements, and the health numbers pushed for them. */
export class RolloutStore {
  constructor(private readonly db: Knex) {}

  async create(rollout: StoredRollout, at: Date): Promise<void> {
    await this.db('rollouts').insert({
      deployment_id: rollout.deploymentId,
      strategy: rollout.strategy,
      plan: JSON.stringify(rollout.plan),
      ...toColumns(
        {
          runsAs: rollout.runsAs,
          note: rollout.note,
          baselineVersion: rollout.baselineVersion,
          stepIndex: rollout.stepIndex,
          stepStartedAt: rollout.stepStartedAt,
          weight: rollout.weight,
          phase: rollout.phase,
        },
        at,
      ),
    });
  }

  async get(deploymentId: string): Promise<StoredRollout | undefined> {
    const row: RolloutRow | undefined = await this.db('rollouts')
      .where('deployment_id', deploymentId)
      .first();
    return row && toRollout(row);
  }

  /**
   * Roll-outs not over yet — bringing the new version up, stepping, or
   * paused — that shift traffic: the ones a tick moves on or closes,
   * least recently moved first.
   */
  async unfinished(limit = 200): Promise<StoredRollout[]> {
    const rows: RolloutRow[] = await this.db('rollouts')
      .whereIn('phase', ['deploying', 'stepping', 'paused'])
      .whereNot('runs_as', 'rolling')
      .orderBy('updated_at')
      .limit(limit);
    return rows.map(toRollout);
  }

  /** Whether the deployment is the rollback an aborted roll-out started. */
  async startedByAbort(deploymentId: string): Promise<boolean> {
    const row = await this.db('rollouts')
      .where('rollback_deployment_id', deploymentId)
      .first('deployment_id');
    return Boolean(row);
  }

  /**
   * Moves a roll-out on, provided it still stands where the caller saw it
   * (phase and step): false when another tick or a person moved it first.
   */
  async move(
    deploymentId: string,
    seen: Pick<StoredRollout, 'phase' | 'stepIndex'>,
    change: RolloutChange,
    at: Date,
  ): Promise<boolean> {
    const updated = await this.db('rollouts')
      .where({
        deployment_id: deploymentId,
        phase: seen.phase,
        step_index: seen.stepIndex,
      })
      .update(toColumns(change, at));
    return updated > 0;
  }

  /**
   * Claims the next measurement of the step: true for one caller once an
   * interval has passed since the step's last measurement, or since the
   * step began (the new weight has had traffic for an interval), false for
   * every other, so that two ticks never measure the same interval.
   */
  async claimMeasurement(
    seen: Pick<StoredRollout, 'deploymentId' | 'stepIndex' | 'stepStartedAt'>,
    intervalMs: number,
    at: Date,
  ): Promise<boolean> {
    const stepStarted = new Date(seen.stepStartedAt ?? 0);
    const due = new Date(at.getTime() - intervalMs);
    if (stepStarted > due) return false;
    const updated = await this.db('rollouts')
      .where({
        deployment_id: seen.deploymentId,
        phase: 'stepping',
        step_index: seen.stepIndex,
        step_started_at: stepStarted,
      })
      .where(last =>
        last
          .whereNull('measured_at')
          .orWhere('measured_at', '<', stepStarted)
          .orWhere('measured_at', '<=', due),
      )
      .update({ measured_at: at });
    return updated > 0;
  }

  async addMeasurements(
    deploymentId: string,
    measurements: RolloutMeasurement[],
  ): Promise<void> {
    if (measurements.length === 0) return;
    await this.db('rollout_measurements').insert(
      measurements.map(m => ({
        deployment_id: deploymentId,
        step_index: m.stepIndex,
        check: m.check,
        phase: m.phase,
        canary: m.canary ?? null,
        baseline: m.baseline ?? null,
        value: m.value ?? null,
        threshold: m.threshold,
        reason: m.reason?.slice(0, TEXT_LENGTH) ?? null,
        measured_at: new Date(m.measuredAt),
      })),
    );
  }

  /** A roll-out's measurements, oldest first. */
  async measurements(deploymentId: string): Promise<RolloutMeasurement[]> {
    const rows = await this.db('rollout_measurements')
      .where('deployment_id', deploymentId)
      .orderBy(['measured_at', 'id']);
    return rows.map(row => ({
      stepIndex: Number(row.step_index),
      check: row.check,
      phase: row.phase,
      canary: optionalNumber(row.canary),
      baseline: optionalNumber(row.baseline),
      value: optionalNumber(row.value),
      threshold: Number(row.threshold),
      reason: optional(row.reason),
      measuredAt: toIso(row.measured_at),
    }));
  }

  async addHealthReports(
    deploymentId: string,
    reports: HealthReport[],
    reportedBy: string,
  ): Promise<void> {
    if (reports.length === 0) return;
    await this.db('health_reports').insert(
      reports.map(report => ({
        deployment_id: deploymentId,
        check: report.check,
        canary: report.canary ?? null,
        baseline: report.baseline ?? null,
        reported_by: reportedBy.slice(0, 255),
        reported_at: new Date(report.reportedAt),
      })),
    );
  }

  /** The newest report of a check pushed for a deployment after a time. */
  async latestHealthReport(
    deploymentId: string,
    check: HealthCheckKind,
    since: Date,
  ): Promise<HealthReport | undefined> {
    const row = await this.db('health_reports')
      .where({ deployment_id: deploymentId, check })
      .where('reported_at', '>', since)
      .orderBy([
        { column: 'reported_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return (
      row && {
        check: row.check,
        canary: optionalNumber(row.canary),
        baseline: optionalNumber(row.baseline),
        reportedAt: toIso(row.reported_at),
      }
    );
  }
}
