import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ApprovalDecision,
  releaseTrainsApprovePermission,
  releaseTrainsPromotePermission,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { ChangeList } from '../ChangeList';
import { EntityName, EntityNames } from '../EntityName';
import { messageOf } from './dialogData';

/** What the backend said, rather than "Request failed with 403 Forbidden". */
/**
 * A deployment into the stage that awaits approval: who asked, who may
 * approve, the approvals so far, the changes it would bring, Approve /
 * Reject for those who may decide, and Cancel request for the requester
 * and those who may promote the service (its owners).
 *
 * Whether the signed-in person may decide is the backend's answer
 * (`eligibility`); the checks made here are a fallback for a backend that
 * does not give one.
 */
export function PendingApproval(props: {
  service: string;
  status: StageStatus;
  onChange: () => void;
}) {
  const { service, status, onChange } = props;
  const pending = status.inFlight;
  const api = useApi(releaseTrainsApiRef);
  const identityApi = useApi(identityApiRef);
  const permission = usePermission({
    permission: releaseTrainsApprovePermission,
    resourceRef: service,
  });
  // The backend decides; this only hides the button from the others.
  const mayPromote = usePermission({
    permission: releaseTrainsPromotePermission,
    resourceRef: service,
  });
  const [decided, setDecided] = useState(0);
  const [error, setError] = useState<Error>();
  const awaiting = pending?.state === 'awaiting-approval';
  const details = useAsync(async () => {
    if (!awaiting) return undefined;
    const [deployment, changes, identity] = await Promise.all([
      api.getDeployment(pending!.id),
      api.changesBetween({
        service,
        from: status.current?.version,
        to: pending!.version,
      }),
      identityApi.getBackstageIdentity(),
    ]);
    return { deployment, changes: changes.items, me: identity.userEntityRef };
  }, [api, identityApi, service, pending?.id, awaiting, decided]);

  if (!awaiting || !details.value) {
    return null;
  }
  const { deployment, changes, me } = details.value;
  const approvers = deployment.approvals.filter(a => a.decision === 'approve');
  const blockedBecause = (() => {
    if (deployment.eligibility) {
      return deployment.eligibility.allowed
        ? undefined
        : deployment.eligibility.reason;
    }
    if (deployment.createdBy === me)
      return 'You asked for this deployment; other people must approve it';
    if (deployment.approvals.some(a => a.approver === me))
      return 'You have already decided';
    if (!permission.loading && !permission.allowed)
      return 'You are not allowed to approve deployments of this service';
    return undefined;
  })();
  const mayCancel = deployment.createdBy === me || mayPromote.allowed;
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setDecided(n => n + 1);
      onChange();
    } catch (e) {
      setError(e as Error);
    }
  };
  const decide = (decision: ApprovalDecision) =>
    act(() => api.decideApproval(deployment.id, { decision }));
  const decisionButton = (decision: ApprovalDecision, label: string) => (
    <span>
      <Button
        size="small"
        variant="contained"
        color={decision === 'approve' ? 'primary' : 'default'}
        disabled={Boolean(blockedBecause)}
        onClick={() => decide(decision)}
      >
        {label}
      </Button>
    </span>
  );

  return (
    <Box
      mt={2}
      p={1}
      border={1}
      borderColor="warning.main"
      borderRadius={4}
      data-testid={`approval-${status.stage}`}
    >
      <Typography variant="subtitle2">
        {deployment.version} awaits approval: {approvers.length} of{' '}
        {deployment.approvalsRequired}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Asked by <EntityName value={deployment.createdBy} hideIcon />
        {deployment.reason ? ` — ${deployment.reason}` : ''}
        {approvers.length > 0 && (
          <>
            ; approved by{' '}
            <EntityNames values={approvers.map(a => a.approver)} hideIcon />
          </>
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Approvers:{' '}
        {deployment.approverGroup ? (
          <>
            members of{' '}
            <EntityRefLink
              entityRef={deployment.approverGroup}
              defaultKind="group"
              hideIcon
            />
          </>
        ) : (
          'people the permission policy allows'
        )}
      </Typography>
      <Typography variant="body2">
        {changes.length === 0
          ? 'No recorded changes since the running version.'
          : `${changes.length} change(s) since ${
              status.current?.version ?? 'the start'
            }:`}
      </Typography>
      <ChangeList changes={changes.slice(0, 10)} />
      <Box display="flex" mt={1} style={{ gap: 8 }}>
        {blockedBecause ? (
          <Tooltip title={blockedBecause}>
            <Box display="flex" style={{ gap: 8 }}>
              {decisionButton('approve', 'Approve')}
              {decisionButton('reject', 'Reject')}
            </Box>
          </Tooltip>
        ) : (
          <>
            {decisionButton('approve', 'Approve')}
            {decisionButton('reject', 'Reject')}
          </>
        )}
        {mayCancel && (
          <Button
            size="small"
            variant="outlined"
            onClick={() => act(() => api.cancelDeployment(deployment.id))}
          >
            Cancel request
          </Button>
        )}
      </Box>
      {blockedBecause && (
        <Typography variant="caption" color="textSecondary">
          {blockedBecause}
        </Typography>
      )}
      {error && (
        <Typography variant="body2" color="error">
          {messageOf(error)}
        </Typography>
      )}
    </Box>
  );
}
