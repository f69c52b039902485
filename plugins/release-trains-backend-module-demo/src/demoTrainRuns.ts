import { Config } from '@backstage/config';
import { ImportedTrainRun } from '@release-trains/plugin-release-trains-node';
import { CronTime } from 'cron';
import { DEMO_TRAINS, DemoHistory } from './demoHistory';

const RUNS_PER_TRAIN = 3;
const LOOK_BACK_DAYS = 60;

/** The schedule of a demo train, as `releaseTrains.trains.<name>` sets it. */
export type DemoTrainSchedule = {
  name: keyof typeof DEMO_TRAINS;
  cron: string;
  timeZone: string;
  cutoffMinutes: number;
  /** Whether one of the train's freezes cancels a departure. */
  isFrozen(departsAt: Date): boolean;
};

function frozenBy(freeze: Config, at: Date): boolean {
  const cron = freeze.getOptionalString('cron');
  if (!cron) {
    const time = at.getTime();
    return (
      Date.parse(freeze.getString('start')) <= time &&
      time < Date.parse(freeze.getString('end'))
    );
  }
  // Inside an occurrence: the first one after (at − duration) began by `at`.
  const timeZone = freeze.getOptionalString('timeZone') ?? 'UTC';
  const opensAfter = new Date(
    at.getTime() - freeze.getNumber('durationMinutes') * 60_000,
  );
  return (
    new CronTime(cron, timeZone)
      .getNextDateFrom(opensAfter, timeZone)
      .toJSDate() <= at
  );
}

/**
 * The demo trains the configuration has, with the defaults of the backend.
 * The backend checks the configuration when it starts.
 */
export function readDemoTrainSchedules(config: Config): DemoTrainSchedule[] {
  const trains = config.getOptionalConfig('releaseTrains.trains');
  return (Object.keys(DEMO_TRAINS) as DemoTrainSchedule['name'][]).flatMap(
    name => {
      const train = trains?.getOptionalConfig(name);
      if (!train) return [];
      const freezes = train.getOptionalConfigArray('freezes') ?? [];
      return [
        {
          name,
          cron: train.getString('schedule.cron'),
          timeZone: train.getOptionalString('schedule.timeZone') ?? 'UTC',
          cutoffMinutes: train.getOptionalNumber('cutoffMinutes') ?? 30,
          isFrozen: at => freezes.some(freeze => frozenBy(freeze, at)),
        },
      ];
    },
  );
}

function lastDepartures(train: DemoTrainSchedule, now: Date): Date[] {
  const cron = new CronTime(train.cron, train.timeZone);
  const departures: Date[] = [];
  let at = new Date(now.getTime() - LOOK_BACK_DAYS * 24 * 3_600_000);
  for (;;) {
    at = cron.getNextDateFrom(at, train.timeZone).toJSDate();
    if (at >= now) return departures.slice(-RUNS_PER_TRAIN);
    if (!train.isFrozen(at)) departures.push(at);
  }
}

/**
 * The last few departures of the demo trains before `now`, arrived and
 * carrying what `stage` ran then (and the changes since the version before
 * it), so that the schedule shows a history and nothing is owed at start.
 */
export function buildDemoTrainRuns(
  trains: DemoTrainSchedule[],
  history: DemoHistory,
  stage: string,
  now: Date,
): ImportedTrainRun[] {
  return trains.flatMap(train =>
    lastDepartures(train, now).map(departsAt => ({
      train: train.name,
      departsAt,
      cutoffAt: new Date(departsAt.getTime() - train.cutoffMinutes * 60_000),
      items: DEMO_TRAINS[train.name].flatMap(name => {
        const service = `component:default/${name}`;
        const ran = history.deployments
          .filter(
            d =>
              d.service === service &&
              d.stage === stage &&
              d.createdAt < departsAt,
          )
          .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
          .map(d => d.version);
        const inStage = ran.at(-1);
        const before = ran.at(-2);
        if (!inStage) return [];
        const versions = history.versions.filter(v => v.service === service);
        const from = versions.findIndex(v => v.version === before);
        const to = versions.findIndex(v => v.version === inStage);
        return [
          {
            service,
            version: inStage,
            ...(before && { fromVersion: before }),
            state: 'arrived' as const,
            stage,
            changeCount: versions
              .slice(from + 1, to + 1)
              .reduce((sum, v) => sum + v.changes.length, 0),
          },
        ];
      }),
    })),
  );
}
