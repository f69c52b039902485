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
 * The departure times of each schedule worked out so far: the cron library
 * takes milliseconds for each date in a time zone, and a schedule's times
 * are a function of the configuration alone, the same on every replica.
 * Each holds the consecutive times from `from` on.
 */
const knownTimes = new Map<string, { from: number; times: number[] }>();
/** Past this many known times, or a gap of this long, a schedule starts over. */
const MAX_KNOWN_TIMES = 2_000;
const MAX_GAP_MS = 24 * 3_600_000;

function* departureTimes(train: TrainConfig, from: Date): Generator<Date> {
  const key = `${train.cron} ${train.timeZone}`;
  let known = knownTimes.get(key);
  const last = known?.times[known.times.length - 1];
  if (
    !known ||
    from.getTime() < known.from ||
    known.times.length >= MAX_KNOWN_TIMES ||
    (last !== undefined && from.getTime() - last > MAX_GAP_MS)
  ) {
    known = { from: from.getTime(), times: [] };
    knownTimes.set(key, known);
  }
  const { times } = known;
  let index = firstAtOrAfter(times, from.getTime());
  const cron = new CronTime(train.cron, train.timeZone);
  for (;;) {
    // Times kept from an earlier, earlier-starting question come first.
    if (index < times.length && times[index] < from.getTime()) {
      index++;
      continue;
    }
    if (index === times.length) {
      // getNextDateFrom is strictly after its argument; start a millisecond early.
      const after = new Date(
        times.length > 0 ? times[times.length - 1] : known.from - 1,
      );
      times.push(cron.getNextDateFrom(after, train.timeZone).toMillis());
      continue;
    }
    yield new Date(times[index++]);
  }
}

/** The index of the first of the sorted `times` at or after `at`. */
function firstAtOrAfter(times: number[], at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle] < at) low = middle + 1;
    else high = middle;
  }
  return low;
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
  for (const at of departureTimes(train, from)) {
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
