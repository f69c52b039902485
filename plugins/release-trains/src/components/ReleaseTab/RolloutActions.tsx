import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
  Rollout,
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
import { releaseTrainsApiRef } from '../../api';
import { ActionButton } from './ActionButton';
import { ErrorText } from './ErrorText';
import { messageOf } from './dialogData';

/** What the backend said, rather than "Request failed with 409 Conflict". */
/**
 * Resume (a paused roll-out; the promote permission) and Abort and roll back
 * (a paused or stepping one, with a reason; the rollback permission).
 */
export function RolloutActions(props: {
  service: string;
  stageTitle: string;
  version: string;
  rollout: Rollout;
  onChange: () => void;
}) {
  const { service, stageTitle, version, rollout, onChange } = props;
  const api = useApi(releaseTrainsApiRef);
  const promoteAllowed = usePermission({
    permission: releaseTrainsPromotePermission,
    resourceRef: service,
  });
  const rollbackAllowed = usePermission({
    permission: releaseTrainsRollbackPermission,
    resourceRef: service,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [abortOpen, setAbortOpen] = useState(false);
  const [reason, setReason] = useState('');

  const run = async (call: () => Promise<Rollout>) => {
    setError(undefined);
    setBusy(true);
    try {
      await call();
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const paused = rollout.phase === 'paused';
  const resumeBlocked = (() => {
    if (!promoteAllowed.loading && !promoteAllowed.allowed)
      return 'You are not allowed to promote this service';
    return busy ? 'Working…' : undefined;
  })();
  const abortBlocked = (() => {
    if (!rollbackAllowed.loading && !rollbackAllowed.allowed)
      return 'You are not allowed to roll this service back';
    return busy ? 'Working…' : undefined;
  })();

  return (
    <Box mt={1}>
      <Box display="flex" style={{ gap: 8 }}>
        {paused && (
          <ActionButton
            label="Resume"
            blockedBecause={resumeBlocked}
            onClick={() =>
              run(() =>
                api.resumeRollout(rollout.deploymentId, {
                  reason: 'Resumed from the Release tab',
                }),
              )
            }
          />
        )}
        <ActionButton
          label="Abort and roll back"
          blockedBecause={abortBlocked}
          onClick={() => setAbortOpen(true)}
        />
      </Box>
      {error && <ErrorText>{messageOf(error)}</ErrorText>}
      <Dialog open={abortOpen} onClose={() => setAbortOpen(false)}>
        <DialogTitle>Abort the roll-out of {version}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            All traffic returns to{' '}
            {rollout.baselineVersion ?? 'the version that ran before'},{' '}
            {version} is taken down, and {stageTitle} is held: nothing is
            promoted into it until someone promotes a version explicitly.
          </Typography>
          <TextField
            label="Why"
            required
            fullWidth
            value={reason}
            onChange={e => setReason(e.target.value)}
            inputProps={{ maxLength: 1000 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAbortOpen(false)}>Cancel</Button>
          <Button
            color="secondary"
            disabled={!reason.trim()}
            onClick={() => {
              setAbortOpen(false);
              run(() =>
                api.abortRollout(rollout.deploymentId, {
                  reason: reason.trim(),
                }),
              );
            }}
          >
            Abort and roll back
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
