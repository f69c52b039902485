import { InfoCard } from '@backstage/core-components';
import { StageStatus } from '@internal/backstage-plugin-release-trains-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { PendingApproval } from './PendingApproval';
import { StageActions } from './StageActions';

const relative = (iso: string) => DateTime.fromISO(iso).toRelative();

/**
 * One stage of the pipeline: what it runs, what is on its way, what waits,
 * whether it is held, and the promote / roll back / approve actions.
 */
export function StageLane(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
}) {
  const { current, inFlight, waiting, hold } = props.status;
  return (
    <InfoCard title={props.status.title}>
      <div data-testid={`stage-lane-${props.status.stage}`}>
        {current ? (
          <>
            <Typography variant="h4" component="p">
              {current.version}
            </Typography>
            <Chip size="small" label={current.kind} />
            <Typography variant="body2" color="textSecondary">
              since {relative(current.since)} · by {current.createdBy}
            </Typography>
          </>
        ) : (
          <Typography variant="body1" color="textSecondary">
            Nothing deployed yet
          </Typography>
        )}
        {inFlight && (
          <Typography variant="body2">
            Deploying {inFlight.version} ({inFlight.state}, started{' '}
            {relative(inFlight.createdAt)})
          </Typography>
        )}
        {waiting.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            Waiting to enter: {waiting.map(w => w.version).join(', ')}
          </Typography>
        )}
        {hold && (
          <Typography
            variant="body2"
            color="error"
            data-testid={`hold-${props.status.stage}`}
          >
            Held: rolled back by {hold.by} {relative(hold.at)} — {hold.reason}.
            Nothing is promoted here until someone promotes a version
            explicitly.
          </Typography>
        )}
        <PendingApproval
          service={props.service}
          status={props.status}
          onChange={props.onChange}
        />
        <StageActions
          service={props.service}
          status={props.status}
          onChange={props.onChange}
        />
      </div>
    </InfoCard>
  );
}
