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
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { releaseTrainsApiRef } from '../../api';
import { ActionButton } from './ActionButton';
import { ErrorText } from './ErrorText';
import { messageOf } from './dialogData';

/** What the backend said, rather than "Request failed with 409 Conflict". */
/**
 * Rehearse rollback, in a stage before the last that runs a version: deploys
 * it again after rolling the stage back to the version before, timing both
 * (the promote and the rollback permission; after a confirmation).
 */
export function RehearseRollback(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
}) {
  const { service, status, onChange } = props;
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
  const [open, setOpen] = useState(false);
  const version = status.current?.version;

  const blockedBecause = (() => {
    if (!version) return `${status.title} runs nothing to roll back`;
    if (status.rehearsal?.state === 'running')
      return `The rollback of ${status.rehearsal.version} is being rehearsed`;
    if (status.inFlight) return `${status.inFlight.version} is in flight`;
    const denied = [promoteAllowed, rollbackAllowed].some(
      p => !p.loading && !p.allowed,
    );
    if (denied)
      return 'Rehearsing a rollback needs the permission to promote and to roll back this service';
    return busy ? 'Working…' : undefined;
  })();

  const rehearse = async () => {
    setOpen(false);
    setError(undefined);
    setBusy(true);
    try {
      await api.rehearseRollback({ service, stage: status.stage });
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mt={1}>
      <ActionButton
        label="Rehearse rollback"
        blockedBecause={blockedBecause}
        onClick={() => setOpen(true)}
      />
      {error && (
        <ErrorText data-testid={`rehearsal-error-${status.stage}`}>
          {messageOf(error)}
        </ErrorText>
      )}
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>
          Rehearse the rollback of {version} in {status.title}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            {status.title} is rolled back to the version it ran before {version}
            , then {version} is deployed again. Both steps go through the gates
            and the stage's deployer and are timed; a later stage that needs a
            rehearsed rollback lets {version} in once this succeeds.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="primary" onClick={rehearse}>
            Rehearse
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
