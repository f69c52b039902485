import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import TrainIcon from '@material-ui/icons/Train';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { formatDeparture } from './TrainSchedule';

/** The train a service rides, and its next departure and cut-off. */
export function NextTrain(props: { service: string }) {
  const api = useApi(releaseTrainsApiRef);
  const { value } = useAsync(async () => {
    const { items } = await api.listTrains();
    return items.find(train => train.services.includes(props.service));
  }, [api, props.service]);
  if (!value) return null;
  const next = value.next;
  return (
    <Typography
      variant="body1"
      data-testid="next-train"
      style={{ display: 'flex', alignItems: 'center', gap: 8 }}
    >
      <TrainIcon fontSize="small" />
      {next ? (
        <span>
          Rides the <b>{value.title}</b> train — next departure{' '}
          {formatDeparture(next.departsAt, value.timeZone)}, cut-off{' '}
          {DateTime.fromISO(next.cutoffAt, { zone: value.timeZone }).toFormat(
            'HH:mm',
          )}{' '}
          ({DateTime.fromISO(next.cutoffAt).toRelative()}). Versions built after
          the cut-off wait for the following train.
        </span>
      ) : (
        <span>
          Rides the <b>{value.title}</b> train, which has no departure planned.
        </span>
      )}
    </Typography>
  );
}
