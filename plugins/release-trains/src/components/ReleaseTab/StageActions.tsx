import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { useReleaseTask } from '../../hooks/useReleaseTask';
import { dependencyGraphLink } from '../DependencyGraph';
import { ActionButton } from './ActionButton';

/**
 * Promote (the newest version waiting to enter the stage) and Roll back,
 * each started as a scaffolder task; disabled, with the reason, when a
 * permission or a gate stands in the way.
 */
export function StageActions(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
}) {
  const { service, status, onChange } = props;
  const api = useApi(releaseTrainsApiRef);
  const candidate = status.waiting[0];
  const promoteAllowed = usePermission({
    permission: releaseTrainsPromotePermission,
    resourceRef: service,
  });
  const rollbackAllowed = usePermission({
    permission: releaseTrainsRollbackPermission,
    resourceRef: service,
  });
  const check = useAsync(
    async () =>
      candidate && !status.inFlight
        ? api.checkPromotion({
            service,
            version: candidate.version,
            stage: status.stage,
          })
        : undefined,
    [api, service, candidate?.version, status.stage, status.inFlight?.id],
  );
  const { task, running, error, start } = useReleaseTask(onChange);
  const [rollbackOpen, setRollbackOpen] = useState(false);
  const [reason, setReason] = useState('');

  const promoteBlocked = (() => {
    if (!candidate) return `No newer version waits to enter ${status.title}`;
    if (status.inFlight) return `${status.inFlight.version} is in flight`;
    if (!promoteAllowed.loading && !promoteAllowed.allowed)
      return 'You are not allowed to promote this service';
    if (running) return 'A task is running';
    const blocking = check.value?.gates.filter(
      g => !g.passed && g.gate !== 'approvals',
    );
    if (blocking?.length) return blocking.map(g => g.reason).join('; ');
    return check.loading ? 'Checking the gates…' : undefined;
  })();
  // The first requirement the stage fails, to point at in the graph.
  const unmetRequirement = check.value?.gates.find(
    g => !g.passed && g.gate === 'dependencies',
  )?.unmetRequirements?.[0];
  // A rollback cancels a request still awaiting approval: an emergency does
  // not wait for approvers. One already deploying must end first.
  const preEmpted =
    status.inFlight &&
    ['pending', 'awaiting-approval'].includes(status.inFlight.state)
      ? status.inFlight
      : undefined;
  const rollbackBlocked = (() => {
    if (!status.current) return `${status.title} runs nothing to roll back`;
    if (status.inFlight && !preEmpted)
      return `${status.inFlight.version} is in flight`;
    if (!rollbackAllowed.loading && !rollbackAllowed.allowed)
      return 'You are not allowed to roll this service back';
    return running ? 'A task is running' : undefined;
  })();

  return (
    <Box mt={2}>
      <Box display="flex" style={{ gap: 8 }}>
        <ActionButton
          label={candidate ? `Promote ${candidate.version}` : 'Promote'}
          blockedBecause={promoteBlocked}
          onClick={() =>
            start(
              `Promote ${candidate!.version} to ${status.title}`,
              'promote-service',
              {
                service,
                version: candidate!.version,
                stage: status.stage,
                reason: `Promoted from the Release tab`,
              },
            )
          }
        />
        <ActionButton
          label="Roll back"
          blockedBecause={rollbackBlocked}
          onClick={() => setRollbackOpen(true)}
        />
      </Box>
      {unmetRequirement && !status.inFlight && (
        <Typography variant="body2">
          <Link
            to={dependencyGraphLink({
              stage: status.stage,
              from: service,
              to: unmetRequirement,
            })}
          >
            See the requirement in the dependency graph
          </Link>
        </Typography>
      )}
      {task && (
        <Typography variant="body2" data-testid={`task-${status.stage}`}>
          {task.title}: {task.status}
        </Typography>
      )}
      {error && (
        <Typography variant="body2" color="error">
          {error.message}
        </Typography>
      )}
      <Dialog open={rollbackOpen} onClose={() => setRollbackOpen(false)}>
        <DialogTitle>Roll back {status.title}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            {status.title} returns to the version it ran before{' '}
            {status.current?.version} and is held: nothing is promoted into it
            until someone promotes a version explicitly.
          </Typography>
          {preEmpted && (
            <Typography variant="body2" paragraph>
              The promotion of {preEmpted.version} awaiting approval is
              cancelled.
            </Typography>
          )}
          <TextField
            label="Why"
            required
            fullWidth
            value={reason}
            onChange={e => setReason(e.target.value)}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRollbackOpen(false)}>Cancel</Button>
          <Button
            color="secondary"
            disabled={!reason.trim()}
            onClick={() => {
              setRollbackOpen(false);
              start(`Roll back ${status.title}`, 'rollback-service', {
                service,
                stage: status.stage,
                reason: reason.trim(),
              });
            }}
          >
            Roll back
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
