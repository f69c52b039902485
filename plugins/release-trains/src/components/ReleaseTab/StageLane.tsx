import { InfoCard } from '@backstage/core-components';
import { StageStatus } from '@internal/backstage-plugin-release-trains-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';

/** One stage of the pipeline and the version it runs. */
export function StageLane(props: { status: StageStatus }) {
  const { status } = props;
  const current = status.current;
  return (
    <InfoCard title={status.title} noPadding={false}>
      <div data-testid={`stage-lane-${status.stage}`}>
        {current ? (
          <>
            <Typography variant="h4" component="p">
              {current.version}
            </Typography>
            <Chip size="small" label={current.kind} />
            <Typography variant="body2" color="textSecondary">
              {DateTime.fromISO(current.createdAt).toRelative()} by{' '}
              {current.createdBy}
            </Typography>
          </>
        ) : (
          <Typography variant="body1" color="textSecondary">
            Nothing deployed yet
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}
