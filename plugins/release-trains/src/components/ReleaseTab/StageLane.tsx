import { InfoCard } from '@backstage/core-components';
import {
  GateCompliance,
  RollbackRehearsal,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { EntityName } from '../EntityName';
import { UngatedChip } from '../UngatedChip';
import { PendingApproval } from './PendingApproval';
import { RehearseRollback } from './RehearseRollback';
import { describeRehearsal } from './rehearsalFormat';
import { ErrorText } from './ErrorText';
import { RolloutPanel } from './RolloutPanel';
import { StageActions } from './StageActions';
import { UnknownOutcome } from './UnknownOutcome';

const relative = (iso: string) => DateTime.fromISO(iso).toRelative();

const useStyles = makeStyles((theme: Theme) => ({
  belowTarget: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.warning.light
        : theme.palette.warning.dark,
  },
}));

/**
 * "95 % (19 of 20 deployments passed the gate)": rounded down, so that
 * 100 % means every deployment passed.
 */
function describeCompliance({ deployments, gated }: GateCompliance) {
  if (deployments === 0) return 'no deployments yet';
  const percent = Math.floor((gated * 100) / deployments);
  const noun = deployments === 1 ? 'deployment' : 'deployments';
  return `${percent} % (${gated} of ${deployments} ${noun} passed the gate)`;
}

/** How many deployments that ran in the stage passed its gate. */
function ComplianceLine(props: { stage: string; compliance: GateCompliance }) {
  const classes = useStyles();
  const { deployments, gated } = props.compliance;
  const belowTarget = deployments > 0 && gated < deployments;
  return (
    <Typography
      variant="body2"
      color={belowTarget ? undefined : 'textSecondary'}
      className={belowTarget ? classes.belowTarget : undefined}
      data-testid={`compliance-${props.stage}`}
    >
      Gate compliance: {describeCompliance(props.compliance)}
    </Typography>
  );
}

/** The latest rehearsal of the rollback of what the stage runs. */
function RehearsalLine(props: { stage: string; rehearsal: RollbackRehearsal }) {
  const failed = props.rehearsal.state === 'failed';
  return (
    <Typography
      variant="body2"
      color={failed ? 'error' : 'textSecondary'}
      data-testid={`rehearsal-${props.stage}`}
    >
      {describeRehearsal(props.rehearsal)}
    </Typography>
  );
}

/**
 * One stage of the pipeline: what it runs, what is on its way, what waits,
 * whether it is held, and the promote / roll back / approve actions.
 */
export function StageLane(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
  /** Changes whenever the tab refreshes, so the roll-out is read again. */
  refreshKey?: number;
  /**
   * The pipeline's last stage (production): no rollback is rehearsed there,
   * and its actions ask for the service's name typed.
   */
  last?: boolean;
}) {
  const { current, inFlight, waiting, hold, compliance } = props.status;
  const { rehearsal, rehearsalRequired } = props.status;
  const rehearsable = Boolean(current) && !props.last;
  return (
    <InfoCard title={props.status.title}>
      <div data-testid={`stage-lane-${props.status.stage}`}>
        {current ? (
          <>
            <Typography variant="h4" component="p">
              {current.version}
            </Typography>
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <Chip size="small" label={current.kind} />
              {current.ungated && (
                <UngatedChip
                  stageTitle={props.status.title}
                  data-testid={`ungated-${props.status.stage}`}
                />
              )}
            </Box>
            <Typography variant="body2" color="textSecondary">
              since {relative(current.since)} · by{' '}
              <EntityName value={current.createdBy} hideIcon />
            </Typography>
          </>
        ) : (
          <Typography variant="body1" color="textSecondary">
            Nothing deployed yet
          </Typography>
        )}
        {compliance && (
          <ComplianceLine stage={props.status.stage} compliance={compliance} />
        )}
        {rehearsalRequired && (
          <Typography
            variant="caption"
            component="p"
            color="textSecondary"
            data-testid={`rehearsal-required-${props.status.stage}`}
          >
            Needs a rehearsed rollback
          </Typography>
        )}
        {rehearsable && rehearsal && (
          <RehearsalLine stage={props.status.stage} rehearsal={rehearsal} />
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
          <ErrorText data-testid={`hold-${props.status.stage}`}>
            Held: rolled back by <EntityName value={hold.by} hideIcon />{' '}
            {relative(hold.at)} — {hold.reason}. Nothing is promoted here until
            someone promotes a version explicitly.
          </ErrorText>
        )}
        <RolloutPanel
          service={props.service}
          status={props.status}
          refreshKey={props.refreshKey}
          onChange={props.onChange}
        />
        <PendingApproval
          service={props.service}
          status={props.status}
          onChange={props.onChange}
        />
        <UnknownOutcome
          service={props.service}
          status={props.status}
          onChange={props.onChange}
        />
        <StageActions
          service={props.service}
          status={props.status}
          production={Boolean(props.last)}
          onChange={props.onChange}
        />
        {rehearsable && (
          <RehearseRollback
            service={props.service}
            status={props.status}
            onChange={props.onChange}
          />
        )}
      </div>
    </InfoCard>
  );
}
