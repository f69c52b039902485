import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { useReleaseTask } from '../../hooks/useReleaseTask';
import { dependencyGraphLink } from '../DependencyGraph';
import { ActionButton } from './ActionButton';
import { PromoteDialog } from './PromoteDialog';
import { RollbackDialog } from './RollbackDialog';

/**
 * What an open dialog shows, captured when it opened: the pipeline is
 * refetched after every CI event, and Confirm must act on what the person
 * reviewed, not on what has arrived since.
 */
type Opened = {
  kind: 'promote' | 'rollback';
  /** The candidate (promote) or the version returned to (rollback). */
  version?: string;
  running?: string;
  open: boolean;
};

/** Says so when the lane no longer is what the open dialog shows. */
function movedOn(status: StageStatus, opened: Opened): string | undefined {
  const running = status.current?.version;
  if (running !== opened.running) {
    return `${status.title} now runs ${
      running ?? 'nothing'
    }; close and reopen to see the current changes.`;
  }
  const now =
    opened.kind === 'promote'
      ? status.waiting[0]?.version
      : status.rollbackTarget;
  if (now === opened.version) return undefined;
  return opened.kind === 'promote'
    ? `${now ?? 'No version'} now waits to enter ${
        status.title
      }; close and reopen to see the current changes.`
    : `A rollback now returns ${status.title} to ${
        now ?? 'an unknown version'
      }; close and reopen to see the current changes.`;
}

/**
 * Promote (the newest version waiting to enter the stage) and Roll back:
 * each opens a dialog that shows what it changes and asks for a reason,
 * then starts a scaffolder task; disabled, with the reason, when a
 * permission or a gate stands in the way.
 */
export function StageActions(props: {
  service: string;
  status: StageStatus;
  /** The pipeline's last stage: the dialogs ask for the service's name typed. */
  production: boolean;
  onChange: () => void;
}) {
  const { service, status, production, onChange } = props;
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
  // Kept after closing, so that the dialog fades out as it was.
  const [opened, setOpened] = useState<Opened>();
  const openDialog = (kind: Opened['kind'], version?: string) =>
    setOpened({ kind, version, running: status.current?.version, open: true });
  const close = () => setOpened(o => o && { ...o, open: false });
  const notice = opened?.open ? movedOn(status, opened) : undefined;
  const promoting = opened?.kind === 'promote' ? opened.version : undefined;

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
          onClick={() => openDialog('promote', candidate?.version)}
        />
        <ActionButton
          label="Roll back"
          blockedBecause={rollbackBlocked}
          onClick={() => openDialog('rollback', status.rollbackTarget)}
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
      {opened && promoting && (
        <PromoteDialog
          service={service}
          status={status}
          version={promoting}
          running={opened.running}
          notice={notice}
          production={production}
          open={opened.open}
          onClose={close}
          onConfirm={reason => {
            close();
            start(
              `Promote ${promoting} to ${status.title}`,
              'promote-service',
              {
                service,
                version: promoting,
                stage: status.stage,
                reason,
              },
            );
          }}
        />
      )}
      {opened?.kind === 'rollback' && (
        <RollbackDialog
          service={service}
          status={status}
          running={opened.running}
          target={opened.version}
          notice={notice}
          production={production}
          open={opened.open}
          onClose={close}
          onConfirm={(reason, version) => {
            close();
            start(`Roll back ${status.title}`, 'rollback-service', {
              service,
              stage: status.stage,
              ...(version && { version }),
              reason,
            });
          }}
        />
      )}
    </Box>
  );
}
