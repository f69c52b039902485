import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Train,
  TrainDeparture,
  TrainRunItem,
} from '@release-trains/plugin-release-trains-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { DepartureKind } from './calendarModel';
import { formatDeparture } from './format';

function ServiceList(props: {
  title: string;
  items: TrainRunItem[];
  empty: string;
  testId: string;
}) {
  return (
    <div data-testid={props.testId} style={{ marginTop: 16 }}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {props.empty}
        </Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {props.items.map(item => (
            <li key={item.service}>
              <Typography variant="body2" component="span">
                <EntityRefLink entityRef={item.service} hideIcon />
                {item.version ? ` ${item.version}` : ''}
                {item.changeCount > 0 &&
                  ` (${item.changeCount} change${
                    item.changeCount === 1 ? '' : 's'
                  })`}
                {item.reason ? `: ${item.reason}` : ''}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the train's next departure would carry if it left now. */
function BoardingPreview(props: { train: Train }) {
  const api = useApi(releaseTrainsApiRef);
  const { value, loading, error } = useAsync(
    () => api.previewDeparture(props.train.name),
    [api, props.train.name],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <>
      <ServiceList
        title="Would board now"
        testId="preview-boarding"
        items={value.items.filter(item => item.state === 'boarded')}
        empty="Nothing new would board."
      />
      <ServiceList
        title="Waits for a later train"
        testId="preview-waiting"
        items={value.items.filter(item => item.state !== 'boarded')}
        empty="Nothing waits."
      />
    </>
  );
}

function explanation(departure: TrainDeparture, kind: DepartureKind) {
  if (departure.frozen) {
    return `Cancelled by a freeze: ${departure.frozen.reason}. Versions wait for the first departure after it.`;
  }
  if (kind === 'past') {
    return 'No run was recorded for this departure (the backend may have been down; missed departures collapse into the next one).';
  }
  return 'What boards is settled at the cut-off; the preview shows the train’s next departure only.';
}

/**
 * A departure's details: when it leaves and its cut-off, and for the
 * train's next departure what would board now and what waits, with why.
 * Past departures with a run open the run's manifest instead.
 */
export function DeparturePreview(props: {
  train: Train;
  departure: TrainDeparture;
  kind: DepartureKind;
  onClose: () => void;
}) {
  const { train, departure, kind, onClose } = props;
  const cutoff = DateTime.fromISO(departure.cutoffAt);
  const showPreview = kind === 'next' && !departure.frozen;
  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="departure-preview-title"
    >
      <DialogTitle id="departure-preview-title">
        {train.title} train,{' '}
        {formatDeparture(departure.departsAt, train.timeZone)}
      </DialogTitle>
      <DialogContent data-testid="departure-preview">
        <Typography variant="body2">
          Cut-off {formatDeparture(departure.cutoffAt, train.timeZone)} (
          {cutoff.toRelative()}): versions built later wait for the following
          train.
        </Typography>
        {showPreview ? (
          <BoardingPreview train={train} />
        ) : (
          <Typography variant="body2" style={{ marginTop: 16 }}>
            {explanation(departure, kind)}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
