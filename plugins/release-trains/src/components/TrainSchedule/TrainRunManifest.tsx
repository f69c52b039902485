import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { ChangeList } from '../ChangeList';
import { EntityName } from '../EntityName';

/** A run's manifest: each service, the version it carries, where it is, and the changes. */
export function TrainRunManifest(props: {
  runId: string;
  onClose: () => void;
}) {
  const api = useApi(releaseTrainsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getTrainRun(props.runId),
    [api, props.runId],
  );
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>
        {value
          ? `${value.train} train of ${new Date(
              value.departsAt,
            ).toLocaleString()}: ${
              value.state === 'in-stage' ? `in ${value.stage}` : value.state
            }`
          : 'Train run'}
      </DialogTitle>
      <DialogContent data-testid="train-run-manifest">
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value?.items.length === 0 && (
          <Typography variant="body2">This run carried nothing new.</Typography>
        )}
        {value?.items.map(item => (
          <div key={item.service} style={{ marginBottom: 12 }}>
            <Typography variant="subtitle2">
              <EntityName value={item.service} hideIcon /> {item.version ?? '—'}
              : {item.state}
              {item.stage ? ` (${item.stage})` : ''}
            </Typography>
            {item.reason && (
              <Typography variant="body2" color="textSecondary">
                {item.reason}
              </Typography>
            )}
            <ChangeList changes={item.changeList} />
          </div>
        ))}
      </DialogContent>
    </Dialog>
  );
}
