import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import { trainsSignalChannel } from '@release-trains/plugin-release-trains-common';
import Grid from '@material-ui/core/Grid';
import { DateTime } from 'luxon';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { calendarZone } from './calendarModel';
import { ScheduleCalendar } from './ScheduleCalendar';
import { TrainCard } from './TrainCard';
import { trainColours } from './trainColours';
import { TrainRunManifest } from './TrainRunManifest';

export { formatDeparture } from './format';

/**
 * The train schedule: a week or month calendar of every train's
 * departures (frozen ones cancelled, with the reason; freezes shaded), and
 * a card per train with its next departure, cut-off countdown and runs.
 * Past departures open their run's manifest; a train's next departure a
 * preview of what would board. Live: it refetches when a train departs or
 * a run moves on.
 */
export function TrainSchedule(props: {
  /** The moment the calendar calls now; the current time by default. */
  now?: DateTime;
}) {
  const api = useApi(releaseTrainsApiRef);
  const [openRun, setOpenRun] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);
  // Each refresh (a train departed, say) moves "now": what was next is past.
  const now = useMemo(
    () => props.now ?? DateTime.now(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.now, refreshKey],
  );
  const refresh = useCallback(() => setRefreshKey(n => n + 1), []);
  const { lastSignal } = useSignal(trainsSignalChannel);
  useEffect(() => {
    if (lastSignal) refresh();
  }, [lastSignal, refresh]);

  const { value, error } = useAsync(async () => {
    const [trains, runs] = await Promise.all([
      api.listTrains(),
      api.listTrainRuns({ limit: 50 }),
    ]);
    return { trains: trains.items, runs: runs.items };
  }, [api, refreshKey]);
  const colours = useMemo(
    () => trainColours(value?.trains.map(train => train.name) ?? []),
    [value],
  );

  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return <Progress />;
  if (value.trains.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No trains"
        description="Configure trains under releaseTrains.trains to publish a release schedule."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Train schedule">
          <ScheduleCalendar
            trains={value.trains}
            colours={colours}
            zone={calendarZone(value.trains)}
            now={now}
            refreshKey={refreshKey}
            onOpenRun={setOpenRun}
          />
        </InfoCard>
      </Grid>
      {value.trains.map(train => (
        <Grid item xs={12} md={6} key={train.name}>
          <TrainCard
            train={train}
            colour={colours.get(train.name)}
            runs={value.runs.filter(run => run.train === train.name)}
            onOpenRun={setOpenRun}
          />
        </Grid>
      ))}
      {openRun && (
        <TrainRunManifest
          runId={openRun}
          onClose={() => setOpenRun(undefined)}
        />
      )}
    </Grid>
  );
}
