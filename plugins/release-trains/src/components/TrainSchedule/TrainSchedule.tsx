import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Train,
  TrainDeparture,
  TrainRun,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { TrainRunManifest } from './TrainRunManifest';

/** A departure in the train's own time zone, e.g. "Tue 24 Nov, 15:00 Europe/Berlin". */
export function formatDeparture(iso: string, timeZone: string): string {
  return `${DateTime.fromISO(iso, { zone: timeZone }).toFormat(
    'ccc d LLL, HH:mm',
  )} ${timeZone}`;
}

const relative = (iso: string) => DateTime.fromISO(iso).toRelative();

function UpcomingDepartures(props: {
  train: Train;
  departures: TrainDeparture[];
}) {
  const { train, departures } = props;
  return (
    <Box data-testid={`departures-${train.name}`}>
      <Typography variant="subtitle2">Next departures</Typography>
      {departures.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          None in the next 14 days
        </Typography>
      )}
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {departures.map(departure => (
          <li key={departure.departsAt}>
            <Typography
              variant="body2"
              color={departure.frozen ? 'textSecondary' : 'textPrimary'}
              style={departure.frozen ? { textDecoration: 'line-through' } : {}}
            >
              {formatDeparture(departure.departsAt, train.timeZone)}
            </Typography>
            {departure.frozen && (
              <Typography variant="caption" color="textSecondary">
                frozen: {departure.frozen.reason}
              </Typography>
            )}
          </li>
        ))}
      </ul>
    </Box>
  );
}

function TrainCard(props: {
  train: Train;
  departures: TrainDeparture[];
  runs: TrainRun[];
  onOpenRun: (id: string) => void;
}) {
  const { train, departures, runs, onOpenRun } = props;
  const columns: TableColumn<TrainRun>[] = [
    {
      title: 'Departed',
      render: run => formatDeparture(run.departsAt, train.timeZone),
    },
    {
      title: 'State',
      render: run => (
        <Chip
          size="small"
          label={run.state === 'in-stage' ? `in ${run.stage}` : run.state}
        />
      ),
    },
    {
      title: 'Services',
      render: run => run.items.filter(i => i.state !== 'waiting').length,
    },
    {
      title: '',
      render: run => (
        <Button size="small" onClick={() => onOpenRun(run.id)}>
          Manifest
        </Button>
      ),
    },
  ];
  return (
    <InfoCard
      title={`${train.title} train`}
      subheader={`${train.cron} (${train.timeZone})`}
    >
      <Box data-testid={`train-${train.name}`}>
        {train.next ? (
          <Typography variant="body1">
            Next: <b>{formatDeparture(train.next.departsAt, train.timeZone)}</b>{' '}
            — cut-off {formatDeparture(train.next.cutoffAt, train.timeZone)} (
            {relative(train.next.cutoffAt)})
          </Typography>
        ) : (
          <Typography variant="body1">No departure in the next year</Typography>
        )}
        <Typography variant="body2" color="textSecondary" paragraph>
          {train.services.length} service(s), boarding from {train.boardsFrom}
          {train.maxChanges ? `, at most ${train.maxChanges} changes` : ''}
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <UpcomingDepartures train={train} departures={departures} />
          </Grid>
          <Grid item xs={12} md={8}>
            <Table
              title="Runs"
              options={{ search: false, paging: false, padding: 'dense' }}
              columns={columns}
              data={runs}
              emptyContent={
                <Typography variant="body2" style={{ padding: 16 }}>
                  This train has not departed yet
                </Typography>
              }
            />
          </Grid>
        </Grid>
      </Box>
    </InfoCard>
  );
}

/**
 * The train schedule: each train's next departures (frozen ones crossed
 * out, with the reason), its cut-off countdown, and its runs with their
 * manifests.
 */
export function TrainSchedule() {
  const api = useApi(releaseTrainsApiRef);
  const [openRun, setOpenRun] = useState<string>();
  const { value, loading, error } = useAsync(async () => {
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 24 * 3_600_000);
    const [trains, departures, runs] = await Promise.all([
      api.listTrains(),
      api.listDepartures({ from: from.toISOString(), to: to.toISOString() }),
      api.listTrainRuns({ limit: 50 }),
    ]);
    return {
      trains: trains.items,
      departures: departures.items,
      runs: runs.items,
    };
  }, [api]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.trains.length === 0) {
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
      {value.trains.map(train => (
        <Grid item xs={12} key={train.name}>
          <TrainCard
            train={train}
            departures={value.departures.filter(d => d.train === train.name)}
            runs={value.runs.filter(r => r.train === train.name)}
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
