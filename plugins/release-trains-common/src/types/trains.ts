import type { Change } from './changes';

/**
 * A release train as configured, with its next departure.
 *
 * @public
 */
export type Train = {
  name: string;
  title: string;
  /** Departures: a cron expression in the IANA time zone `timeZone`. */
  cron: string;
  timeZone: string;
  /** Versions built later than this many minutes before departure wait. */
  cutoffMinutes: number;
  pipeline: string;
  /** The stage the train boards from: versions must have succeeded there. */
  boardsFrom: string;
  /** The most changes one departure carries; services beyond it wait. */
  maxChanges?: number;
  /** Entity refs of the services that ride it. */
  services: string[];
  /** No departure in these; the slot is skipped and shown as frozen. */
  freezes: TrainFreeze[];
  next?: TrainDeparture;
};

/**
 * A period without departures, and why: recurring (`cron`,
 * `durationMinutes`, `timeZone`) or from `start` to `end`.
 *
 * @public
 */
export type TrainFreeze = {
  reason: string;
  start?: string;
  end?: string;
  cron?: string;
  durationMinutes?: number;
  timeZone?: string;
};

/**
 * One scheduled departure of a train.
 *
 * @public
 */
export type TrainDeparture = {
  train: string;
  /** ISO 8601. */
  departsAt: string;
  /** Versions built after this wait for the next departure. */
  cutoffAt: string;
  /** Set when a freeze cancels the departure. */
  frozen?: { reason: string };
};

/**
 * Where a train run is.
 *
 * @public
 */
export type TrainRunState =
  | 'boarding'
  | 'departed'
  | 'in-stage'
  | 'arrived'
  | 'partially-rolled-back'
  | 'cancelled';

/**
 * Where a service is on a train run.
 *
 * @public
 */
export type TrainRunItemState =
  | 'boarded'
  | 'in-progress'
  | 'awaiting-approval'
  | 'arrived'
  | 'failed'
  | 'blocked'
  | 'waiting';

/**
 * What a train run carries for one service, and where it is.
 *
 * @public
 */
export type TrainRunItem = {
  service: string;
  /** The version boarded; absent when the service waits. */
  version?: string;
  /** What the first stage after boarding ran at departure. */
  fromVersion?: string;
  state: TrainRunItemState;
  stage?: string;
  deploymentId?: string;
  /** How many changes the version brings. */
  changeCount: number;
  reason?: string;
};

/**
 * A departure of a train: its state and, in detail, its manifest.
 *
 * @public
 */
export type TrainRun = {
  id: string;
  train: string;
  departsAt: string;
  cutoffAt: string;
  state: TrainRunState;
  /** When in-stage: the stage the run is in. */
  stage?: string;
  reason?: string;
  createdAt: string;
  finishedAt?: string;
  items: TrainRunItem[];
};

/**
 * What a train's next departure would carry if it left now: each service's
 * newest eligible version, or why it would wait (built after the cut-off,
 * over capacity). Nothing is recorded.
 *
 * @public
 */
export type TrainDeparturePreview = {
  train: string;
  /** ISO 8601; the next departure no freeze cancels (the train's `next`). */
  departsAt: string;
  /** Versions built after this wait for the next departure. */
  cutoffAt: string;
  items: TrainRunItem[];
};

/**
 * A train run with, for each service, the changes its version brings.
 *
 * @public
 */
export type TrainRunManifest = Omit<TrainRun, 'items'> & {
  items: (TrainRunItem & { changeList: Change[] })[];
};
