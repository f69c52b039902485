import { InputError, NotFoundError } from '@backstage/errors';
import {
  Train,
  TrainDeparture,
  TrainDeparturePreview,
  TrainRun,
  TrainRunItem,
  TrainRunManifest,
} from '@release-trains/plugin-release-trains-common';
import { TrainConfig } from '../config/trains';
import { Ledger } from '../ledger/Ledger';
import { parseTime } from '../ledger/timestamps';
import { toChange } from '../ledger/VersionStore';
import { Conductor } from './Conductor';
import { departuresBetween, nextDeparture, toTrainDeparture } from './schedule';
import { freezesBetween, renderTrainCalendar } from './trainCalendar';

/** Which of these services the reader may see. */
export type Visibility = (refs: string[]) => Promise<Set<string>>;

const ENTITY_REF = /\b[a-z][a-z0-9_-]*:[a-z0-9._-]+\/[a-z0-9._-]+/gi;

/**
 * Run items' reasons (a gate's refusal, say) may name other services: the
 * reader gets each reason without the clauses that name one they may not
 * see.
 */
async function reasonRedactor(
  items: TrainRunItem[],
  visible: Visibility,
): Promise<(item: TrainRunItem) => TrainRunItem> {
  const mentioned = items.flatMap(item => item.reason?.match(ENTITY_REF) ?? []);
  const seen = await visible([...new Set(mentioned)]);
  return item => {
    if (!item.reason) return item;
    const clauses = item.reason.split('; ');
    const kept = clauses.filter(clause =>
      (clause.match(ENTITY_REF) ?? []).every(ref => seen.has(ref)),
    );
    const left = clauses.length - kept.length;
    return left === 0
      ? item
      : {
          ...item,
          reason: [...kept, `${left} more about services you may not see`].join(
            '; ',
          ),
        };
  };
}

const DAY = 24 * 3_600_000;
const MAX_DEPARTURE_RANGE_DAYS = 62;
const MAX_CALENDAR_WEEKS = 26;
/** How far from today departures may be asked for, either way. */
const MAX_DEPARTURE_DISTANCE_DAYS = 2 * 366;

/** A time from a query, valid and within two years of `now`; 400 otherwise. */
function queryTime(value: string, field: string, now: Date): Date {
  const time = parseTime(value, field);
  if (
    Math.abs(time.getTime() - now.getTime()) >
    MAX_DEPARTURE_DISTANCE_DAYS * DAY
  ) {
    throw new InputError(
      `${field}: '${value}' is not a time within two years of now`,
    );
  }
  return time;
}

/**
 * The trains as people browse them: schedules, departures, runs and their
 * manifests, each showing only the services the reader may see.
 */
export class TrainsService {
  constructor(
    private readonly options: {
      trains: ReadonlyMap<string, TrainConfig>;
      ledger: Ledger;
      conductor: Conductor;
    },
  ) {}

  /** The trains, their (visible) services and next departure. */
  async list(visible: Visibility, now = new Date()): Promise<Train[]> {
    const trains = [...this.options.trains.values()];
    const servicesOf = await Promise.all(
      trains.map(train => this.options.conductor.servicesOf(train)),
    );
    const seen = await visible(servicesOf.flat());
    return trains.map((train, index) => {
      const next = nextDeparture(train, now);
      return {
        name: train.name,
        title: train.title,
        cron: train.cron,
        timeZone: train.timeZone,
        cutoffMinutes: train.cutoffMinutes,
        pipeline: train.pipeline,
        boardsFrom: train.boardsFrom,
        ...(train.maxChanges !== undefined && {
          maxChanges: train.maxChanges,
        }),
        services: servicesOf[index].filter(ref => seen.has(ref)),
        freezes: train.freezes,
        ...(next && { next: toTrainDeparture(next) }),
      };
    });
  }

  /** Departures of one train or all in a range of at most 62 days. */
  departures(
    options: {
      train?: string;
      from?: string;
      to?: string;
    },
    now = new Date(),
  ): TrainDeparture[] {
    const from = options.from ? queryTime(options.from, 'from', now) : now;
    const to = options.to
      ? queryTime(options.to, 'to', now)
      : new Date(from.getTime() + 7 * DAY);
    if (
      to <= from ||
      to.getTime() - from.getTime() > MAX_DEPARTURE_RANGE_DAYS * DAY
    ) {
      throw new InputError(
        `to must be after from, at most ${MAX_DEPARTURE_RANGE_DAYS} days later`,
      );
    }
    const selected = options.train
      ? [this.options.trains.get(options.train)]
      : [...this.options.trains.values()];
    if (selected.some(train => !train)) {
      throw new NotFoundError(`No train ${options.train}`);
    }
    return selected
      .flatMap(train => departuresBetween(train!, from, to))
      .sort((a, b) => a.departsAt.getTime() - b.departsAt.getTime())
      .map(toTrainDeparture);
  }

  /**
   * The train's departures of the next `weeks` weeks as iCalendar text,
   * listing the services the reader may see.
   */
  async calendar(
    name: string,
    weeks: number,
    visible: Visibility,
    now = new Date(),
  ): Promise<string> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_CALENDAR_WEEKS) {
      throw new InputError(
        `weeks must be a whole number from 1 to ${MAX_CALENDAR_WEEKS}`,
      );
    }
    const train = this.train(name);
    const to = new Date(now.getTime() + weeks * 7 * DAY);
    const services = await this.options.conductor.servicesOf(train);
    const seen = await visible(services);
    return renderTrainCalendar({
      train,
      departures: departuresBetween(train, now, to),
      freezes: freezesBetween(train.freezes, now, to),
      services: services.filter(ref => seen.has(ref)),
      now,
    });
  }

  /**
   * What the train's next departure would carry if it left now, among the
   * services the reader may see.
   */
  async preview(
    name: string,
    visible: Visibility,
    now = new Date(),
  ): Promise<TrainDeparturePreview> {
    const { items, ...departure } = await this.options.conductor.preview(
      this.train(name),
      now,
    );
    const seen = await visible(items.map(item => item.service));
    const shown = items.filter(item => seen.has(item.service));
    const redact = await reasonRedactor(shown, visible);
    return { ...toTrainDeparture(departure), items: shown.map(redact) };
  }

  private train(name: string): TrainConfig {
    const train = this.options.trains.get(name);
    if (!train) {
      throw new NotFoundError(`No train ${name}`);
    }
    return train;
  }

  /** Train runs, newest first, with the items the reader may see. */
  async runs(
    options: { train?: string; before?: string; limit: number },
    visible: Visibility,
  ): Promise<TrainRun[]> {
    const runs = await this.options.ledger.trains.list({
      train: options.train,
      ...(options.before && { before: parseTime(options.before, 'before') }),
      limit: options.limit,
    });
    const seen = await visible(
      runs.flatMap(run => run.items.map(i => i.service)),
    );
    const shownOf = (run: TrainRun) =>
      run.items.filter(item => seen.has(item.service));
    const redact = await reasonRedactor(runs.flatMap(shownOf), visible);
    return runs.map(run => ({ ...run, items: shownOf(run).map(redact) }));
  }

  /** A run's manifest: each visible service's version with the changes it brings. */
  async manifest(id: string, visible: Visibility): Promise<TrainRunManifest> {
    const run = await this.options.ledger.trains.get(id);
    if (!run) {
      throw new NotFoundError(`No train run ${id}`);
    }
    const seen = await visible(run.items.map(item => item.service));
    const shown = run.items.filter(item => seen.has(item.service));
    const redact = await reasonRedactor(shown, visible);
    const items = await Promise.all(
      shown.map(redact).map(async item => ({
        ...item,
        changeList: item.version
          ? (
              await this.options.ledger.changes.between(
                item.service,
                item.fromVersion,
                item.version,
                50,
              )
            ).map(toChange)
          : [],
      })),
    );
    return { ...run, items };
  }
}
