import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { Train, TrainRun } from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { CalendarDownloadButton } from './CalendarDownloadButton';
import { formatDeparture, relative } from './format';

/**
 * A train: its next departure with the cut-off countdown, what rides it,
 * its runs with their manifests, and its departures as an .ics file. The
 * calendar above shows the departures themselves.
 */
export function TrainCard(props: {
  train: Train;
  colour?: string;
  runs: TrainRun[];
  onOpenRun: (id: string) => void;
}) {
  const { train, colour, runs, onOpenRun } = props;
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
      title: 'Manifest',
      render: run => (
        <Button size="small" onClick={() => onOpenRun(run.id)}>
          Manifest
        </Button>
      ),
    },
  ];
  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {/* The train's calendar colour; its title says the same in words. */}
          <span
            aria-hidden
            style={{
              width: 14,
              height: 14,
              borderRadius: 3,
              backgroundColor: colour,
            }}
          />
          {train.title} train
        </Box>
      }
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
        <CalendarDownloadButton train={train} />
        <Table
          title="Runs"
          options={{
            search: false,
            paging: false,
            padding: 'dense',
            // Computed columns sort nothing; and material-table's drag
            // handles would be buttons inside the sort buttons.
            sorting: false,
            draggable: false,
          }}
          columns={columns}
          data={runs}
          emptyContent={
            <Typography variant="body2" style={{ padding: 16 }}>
              This train has not departed yet
            </Typography>
          }
        />
      </Box>
    </InfoCard>
  );
}
