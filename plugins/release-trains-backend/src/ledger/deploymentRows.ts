import {
  Deployment,
  DeploymentKind,
  DeploymentState,
} from '@release-trains/plugin-release-trains-common';
import { randomUUID } from 'node:crypto';
import { EndedBy, isFinished } from './stateMachine';
import { Timestamp, toIso } from './timestamps';

export type DeploymentRow = {
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
  deployer_error: string | null;
  deadline_at: Timestamp | null;
  ended_by: EndedBy | null;
  train_run_id: string | null;
  ungated: boolean | number;
};

/** A deployment to add to the ledger. */
export type NewDeployment = {
  /** Given when it must be named before it is added; a new one otherwise. */
  id?: string;
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
  deployerError?: string;
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

/** A deployment as the ledger holds it, with the id CI gave it. */
export type StoredDeployment = Deployment & {
  externalId?: string;
  deadlineAt?: string;
  endedBy?: EndedBy;
};

export function toPlain({
  externalId: _,
  deadlineAt: __,
  endedBy: ___,
  ...plain
}: StoredDeployment): Deployment {
  return plain;
}

/** The key of a CI deployment id: CI's ids are unique per service. */
export const externalKey = (service: string, externalId: string) =>
  `${service}\u0000${externalId}`;

/**
 * Appends `items` to `list` one by one: spreading a large query result into
 * `push` passes each row as an argument and overflows the stack.
 */
export function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

/** Items in slices of `size`, for statements with many bindings. */
export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * Items in runs of at most `size`, and of at most `budget` in weight,
 * unless one item alone weighs more.
 */
export function chunksByWeight<T>(
  items: T[],
  weightOf: (item: T) => number,
  options: { size: number; budget: number },
): T[][] {
  const result: T[][] = [];
  let chunk: T[] = [];
  let weight = 0;
  for (const item of items) {
    const itemWeight = weightOf(item);
    if (
      chunk.length > 0 &&
      (chunk.length === options.size || weight + itemWeight > options.budget)
    ) {
      result.push(chunk);
      chunk = [];
      weight = 0;
    }
    chunk.push(item);
    weight += itemWeight;
  }
  if (chunk.length > 0) result.push(chunk);
  return result;
}

/** A new deployment as stored: finished ones finish when they are made. */
export function toStored(deployment: NewDeployment): StoredDeployment {
  const state = deployment.state ?? 'succeeded';
  const createdAt = deployment.createdAt ?? new Date();
  const finishedAt =
    deployment.finishedAt ?? (isFinished(state) ? createdAt : undefined);
  return {
    id: deployment.id ?? randomUUID(),
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
    ...(deployment.deployerError && {
      deployerError: deployment.deployerError,
    }),
    ...(deployment.deadlineAt && {
      deadlineAt: deployment.deadlineAt.toISOString(),
    }),
    ...(deployment.trainRunId && { trainRunId: deployment.trainRunId }),
    ...(deployment.ungated && { ungated: true }),
  };
}

export function toRow(deployment: StoredDeployment): DeploymentRow {
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
    deployer_error: deployment.deployerError ?? null,
    deadline_at: deployment.deadlineAt ? new Date(deployment.deadlineAt) : null,
    ended_by: deployment.endedBy ?? null,
    train_run_id: deployment.trainRunId ?? null,
    ungated: deployment.ungated ?? false,
  };
}

export function toStoredDeployment(row: DeploymentRow): StoredDeployment {
  return {
    ...toDeployment(row),
    ...(row.external_id !== null && { externalId: row.external_id }),
    ...(row.deadline_at !== null && { deadlineAt: toIso(row.deadline_at) }),
    ...(row.ended_by && { endedBy: row.ended_by }),
  };
}

export function toDeployment(row: DeploymentRow): Deployment {
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
    ...(row.deployer_error && { deployerError: row.deployer_error }),
    ...(row.train_run_id && { trainRunId: row.train_run_id }),
    ...(Boolean(row.ungated) && { ungated: true }),
  };
}
