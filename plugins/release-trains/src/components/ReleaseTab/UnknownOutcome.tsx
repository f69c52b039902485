import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
  ResolveAction,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { messageOf } from './dialogData';

/** What the backend said, rather than "Request failed with 409 Conflict". */
const ACTIONS: { action: ResolveAction; label: string }[] = [
  { action: 'retry-status', label: 'Ask the deployer again' },
  { action: 'mark-failed', label: 'Mark failed' },
  { action: 'mark-succeeded', label: 'Mark succeeded' },
];

/**
 * A deployment into the stage whose deployer cannot tell how it went: it
 * holds the stage until someone who may promote (or, for a rollback, roll
 * back) asks the deployer again or records what they found out.
 */
export function UnknownOutcome(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
}) {
  const { service, status, onChange } = props;
  const unknown =
    status.inFlight?.state === 'unknown' ? status.inFlight : undefined;
  const api = useApi(releaseTrainsApiRef);
  const permission = usePermission({
    permission:
      unknown?.kind === 'rollback'
        ? releaseTrainsRollbackPermission
        : releaseTrainsPromotePermission,
    resourceRef: service,
  });
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const details = useAsync(
    async () => (unknown ? api.getDeployment(unknown.id) : undefined),
    [api, unknown?.id],
  );

  if (!unknown) {
    return null;
  }
  const resolve = async (action: ResolveAction) => {
    setError(undefined);
    setBusy(true);
    try {
      await api.resolveDeployment(unknown.id, { action, reason });
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const allowed = !permission.loading && permission.allowed;

  return (
    <Box
      mt={2}
      p={1}
      border={1}
      borderColor="warning.main"
      borderRadius={4}
      role="alert"
      data-testid={`unknown-${status.stage}`}
    >
      <Typography variant="subtitle2">
        Whether {unknown.version} was deployed is unknown
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {details.value?.deployerError ??
          'Its deployer could not tell whether it started or how it went.'}{' '}
        The stage stays held until someone checks and resolves it.
      </Typography>
      {allowed ? (
        <>
          <TextField
            id={`resolve-reason-${status.stage}`}
            label="What you found out"
            value={reason}
            onChange={e => setReason(e.target.value)}
            size="small"
            fullWidth
            margin="dense"
            inputProps={{ maxLength: 1000 }}
          />
          <Box display="flex" mt={1} style={{ gap: 8 }}>
            {ACTIONS.map(({ action, label }) => (
              <Button
                key={action}
                size="small"
                variant="outlined"
                disabled={busy || !reason.trim()}
                onClick={() => resolve(action)}
              >
                {label}
              </Button>
            ))}
          </Box>
        </>
      ) : (
        !permission.loading && (
          <Typography variant="caption" color="textSecondary">
            You are not allowed to resolve deployments of this service
          </Typography>
        )
      )}
      {error && (
        <Typography variant="body2" color="error">
          {messageOf(error)}
        </Typography>
      )}
    </Box>
  );
}
