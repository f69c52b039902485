import { TrainDeparture } from '@release-trains/plugin-release-trains-common';
import { CronTime } from 'cron';
import { FreezePeriod } from '../config/pipelines';
import { TrainConfig } from '../config/trains';
import { isInsideWindow } from '../promotion/gates/windows';

/** One scheduled departure of a train. */
export type Departure = {
  train: string;
  departsAt: Date;
  /** Versions built after this wait for the next departure. */
  cutoffAt: Date;
  /** Set when a freeze cancels the departure. */
  frozen?: { reason: string };
};

function freezeAt(freezes: FreezePeriod[], at: Date) {
  return freezes.find(freeze =>
    'cron' in freeze
      ? isInsideWindow(freeze, at)
      : Date.parse(freeze.start) <= at.getTime() &&
        at.getTime() < Date.parse(freeze.end),
  );
}

function departure(train: TrainConfig, departsAt: Date): Departure {
  const freeze = freezeAt(train.freezes, departsAt);
  return {
    train: train.name,
    departsAt,
    cutoffAt: new Date(departsAt.getTime() - train.cutoffMinutes * 60_000),
    ...(freeze && { frozen: { reason: freeze.reason } }),
  };
}

/**
 * Departures from `from` on, in order, frozen ones included (and marked).
 * The cron expression is read in the train's time zone, so departures keep
 * their wall-clock time across daylight-saving changes.
 */
export function* departuresFrom(
  train: TrainConfig,
  from: Date,
): Generator<Departure> {
  const cron = new CronTime(train.cron, train.timeZone);
  // getNextDateFrom is strictly after its argument; start a millisecond early.
  let at = new Date(from.getTime() - 1);
  for (;;) {
    at = cron.getNextDateFrom(at, train.timeZone).toJSDate();
    yield departure(train, at);
  }
}

/** Departures in [from, to), at most `limit`. */
export function departuresBetween(
  train: TrainConfig,
  from: Date,
  to: Date,
  limit = 1000,
): Departure[] {
  const departures: Departure[] = [];
  for (const next of departuresFrom(train, from)) {
    if (next.departsAt >= to || departures.length >= limit) break;
    departures.push(next);
  }
  return departures;
}

/** The next departure after `after` that is not frozen, within a year. */
export function nextDeparture(
  train: TrainConfig,
  after: Date,
): Departure | undefined {
  const yearLater = after.getTime() + 366 * 24 * 3_600_000;
  for (const next of departuresFrom(train, new Date(after.getTime() + 1))) {
    if (next.departsAt.getTime() > yearLater) return undefined;
    if (!next.frozen) return next;
  }
  return undefined;
}

/**
 * The departure a train owes at `now`: its latest unfrozen slot in the last
 * `lookBackHours` that has not run. Slots missed while the backend was down
 * collapse into this one: the train departs once, not once per slot.
 */
export function dueDeparture(
  train: TrainConfig,
  now: Date,
  hasRun: (departsAt: Date) => boolean,
  lookBackHours = 24,
): Departure | undefined {
  let latest: Departure | undefined;
  const since = new Date(now.getTime() - lookBackHours * 3_600_000);
  for (const slot of departuresFrom(train, since)) {
    if (slot.departsAt > now) break;
    if (!slot.frozen) latest = slot;
  }
  return latest && !hasRun(latest.departsAt) ? latest : undefined;
}

/** A departure as the API answers it. */
export function toTrainDeparture(slot: Departure): TrainDeparture {
  return {
    train: slot.train,
    departsAt: slot.departsAt.toISOString(),
    cutoffAt: slot.cutoffAt.toISOString(),
    ...(slot.frozen && { frozen: slot.frozen }),
  };
}
