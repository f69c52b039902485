import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ReleaseTrainsApi,
  Rollout,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { RolloutActions } from './RolloutActions';
import { RolloutChart } from './RolloutChart';
import {
  BREACH_TO_ROLLBACK_TARGET_MS,
  describeStep,
  formatDuration,
  PHASE_LABELS,
  STRATEGY_LABELS,
} from './rolloutFormat';
import { ErrorText } from './ErrorText';

/** A deployment's roll-out, or undefined when it has none (a rolling stage). */
async function rolloutOf(api: ReleaseTrainsApi, id: string) {
  try {
    return await api.getRollout(id);
  } catch (e) {
    if ((e as Partial<ResponseError>).statusCode === 404) return undefined;
    throw e;
  }
}

/**
 * The roll-out to show in a stage: that of the deployment in progress, or,
 * while the stage is held, that of its latest promotion when analysis
 * aborted it — so the verdict and the charts stay after the rollback.
 */
async function rolloutToShow(
  api: ReleaseTrainsApi,
  service: string,
  status: StageStatus,
): Promise<{ rollout: Rollout; version: string } | undefined> {
  const { inFlight } = status;
  if (inFlight && inFlight.kind !== 'rollback') {
    if (inFlight.state !== 'in-progress') return undefined;
    const rollout = await rolloutOf(api, inFlight.id);
    return rollout && { rollout, version: inFlight.version };
  }
  if (!status.hold) return undefined;
  const { items } = await api.listDeployments({
    service,
    stage: status.stage,
    kind: 'promote',
    limit: 1,
  });
  const latest = items[0];
  const rollout = latest && (await rolloutOf(api, latest.id));
  return rollout?.phase === 'aborted' && rollout.breachedAt
    ? { rollout, version: latest.version }
    : undefined;
}

/** The steps in order, the current one marked. */
function Steps(props: { rollout: Rollout }) {
  const { steps, stepIndex, phase } = props.rollout;
  return (
    <Box component="ol" m={0} pl={3} aria-label="Roll-out steps">
      {steps.map((step, index) => {
        const current = index === stepIndex && phase !== 'completed';
        return (
          <Typography
            key={index}
            component="li"
            variant="body2"
            color={index < stepIndex ? 'textSecondary' : 'textPrimary'}
            aria-current={current ? 'step' : undefined}
            style={current ? { fontWeight: 'bold' } : undefined}
          >
            {describeStep(step)}
            {index < stepIndex && ' ✓'}
            {current && ' ← now'}
          </Typography>
        );
      })}
    </Box>
  );
}

/** How fast the rollback followed the breach, against the target. */
function BreachToRollback(props: { ms: number }) {
  return (
    <>
      Rolled back {formatDuration(props.ms)} after the breach (target: under{' '}
      {formatDuration(BREACH_TO_ROLLBACK_TARGET_MS)})
    </>
  );
}

/** Why the roll-out stopped, and how fast the rollback followed the breach. */
function Aborted(props: { rollout: Rollout }) {
  const { abortReason, breachToRollbackMs } = props.rollout;
  const slow =
    breachToRollbackMs !== undefined &&
    breachToRollbackMs > BREACH_TO_ROLLBACK_TARGET_MS;
  return (
    <Box mt={1} role="alert">
      <ErrorText>Aborted: {abortReason ?? 'no reason recorded'}</ErrorText>
      {breachToRollbackMs !== undefined && slow && (
        <ErrorText data-testid="breach-to-rollback">
          <BreachToRollback ms={breachToRollbackMs} />
        </ErrorText>
      )}
      {breachToRollbackMs !== undefined && !slow && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="breach-to-rollback"
        >
          <BreachToRollback ms={breachToRollbackMs} />
        </Typography>
      )}
    </Box>
  );
}

/**
 * A stage's progressive roll-out (canary or blue-green): strategy, phase,
 * steps, traffic, the health verdict of each check with its chart, and
 * Resume / Abort while a person may act. Refetched with the tab.
 */
export function RolloutPanel(props: {
  service: string;
  status: StageStatus;
  /** Changes whenever the tab refreshes (a signal, an action). */
  refreshKey?: number;
  onChange: () => void;
}) {
  const { service, status, refreshKey, onChange } = props;
  const api = useApi(releaseTrainsApiRef);
  const { value, loading, error } = useAsync(
    () => rolloutToShow(api, service, status),
    [
      api,
      service,
      status.stage,
      status.inFlight?.id,
      status.inFlight?.state,
      status.hold?.at,
      refreshKey,
    ],
  );

  if (error) {
    return <ErrorText>Could not load the roll-out: {error.message}</ErrorText>;
  }
  if (!value) {
    return loading && status.inFlight ? <Progress /> : null;
  }
  const { rollout, version } = value;
  const measured = new Set(rollout.measurements.map(m => m.check));
  const checks = [
    ...rollout.checks,
    // A check measured but no longer configured still shows.
    ...[...measured]
      .filter(kind => !rollout.checks.some(c => c.kind === kind))
      .map(kind => ({
        kind,
        threshold: rollout.measurements.find(m => m.check === kind)!.threshold,
      })),
  ];
  return (
    <Box
      mt={2}
      p={1}
      border={1}
      borderColor="divider"
      borderRadius={4}
      data-testid={`rollout-${status.stage}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle2">
          {STRATEGY_LABELS[rollout.strategy]} roll-out of {version}
        </Typography>
        <Chip size="small" label={PHASE_LABELS[rollout.phase]} />
      </Box>
      {rollout.runsAs === 'rolling' && (
        <Typography variant="body2" color="textSecondary">
          Runs as rolling: {rollout.note ?? 'its deployer cannot shift traffic'}
        </Typography>
      )}
      {rollout.runsAs !== 'rolling' && (
        <Box mt={1}>
          <LinearProgress
            variant="determinate"
            value={rollout.weight}
            aria-label="Traffic on the new version"
          />
          <Typography variant="body2" color="textSecondary">
            {rollout.weight} % of traffic on {version}
            {rollout.baselineVersion &&
              ` · ${100 - rollout.weight} % on ${rollout.baselineVersion}`}
          </Typography>
        </Box>
      )}
      <Steps rollout={rollout} />
      {rollout.phase === 'paused' && (
        <Typography variant="body2" role="status">
          Paused: {rollout.pausedReason ?? 'waiting for someone to resume'}
        </Typography>
      )}
      {(rollout.phase === 'paused' || rollout.phase === 'stepping') &&
        status.inFlight?.id === rollout.deploymentId && (
          <RolloutActions
            service={service}
            stageTitle={status.title}
            version={version}
            rollout={rollout}
            // The tab refreshes, and with it this panel (refreshKey).
            onChange={onChange}
          />
        )}
      {rollout.phase === 'aborted' && <Aborted rollout={rollout} />}
      {checks.map(check => (
        <RolloutChart
          key={check.kind}
          rollout={rollout}
          kind={check.kind}
          threshold={check.threshold}
        />
      ))}
    </Box>
  );
}
