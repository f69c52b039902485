import { useApi } from '@backstage/core-plugin-api';
import { StageStatus } from '@release-trains/plugin-release-trains-common';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
import { DialogChanges } from './DialogChanges';
import { confirmationWord } from './dialogData';
import { GateVerdicts, WhoMustApprove } from './GateVerdicts';

/** The reason a promotion carries when the person gives none. */
export const DEFAULT_PROMOTE_REASON = 'Promoted from the Release tab';

/**
 * Before a promotion starts: what will ship (the changes between the
 * version the stage runs and the candidate), what each gate says, who must
 * approve, a reason and, into production, the service's name typed.
 */
export function PromoteDialog(props: {
  service: string;
  status: StageStatus;
  /** The candidate, and the version the stage ran, when the dialog opened. */
  version: string;
  running?: string;
  /** Says that the stage has moved on since the dialog opened. */
  notice?: string;
  /** The pipeline's last stage: confirming asks for the service's name typed. */
  production: boolean;
  open: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { service, status, version, running, open, production } = props;
  const api = useApi(releaseTrainsApiRef);
  const changes = useAsync(
    async () =>
      open
        ? (await api.changesBetween({ service, from: running, to: version }))
            .items
        : undefined,
    [api, service, running, version, open],
  );
  // Checked again on opening: a freeze or a window may have begun since.
  const check = useAsync(
    async () =>
      open
        ? api.checkPromotion({ service, version, stage: status.stage })
        : undefined,
    [api, service, version, status.stage, open],
  );
  const id = `promote-${status.stage}`;
  const blocking = check.value?.gates.filter(
    g => !g.passed && g.gate !== 'approvals',
  );
  const blockedBecause = (() => {
    if (check.loading) return 'Checking the gates…';
    return blocking?.length
      ? blocking.map(g => g.reason).join('; ')
      : undefined;
  })();

  return (
    <ActionDialog
      id={id}
      open={open}
      onClose={props.onClose}
      title={`Promote ${version} to ${status.title}`}
      description={
        running
          ? `${status.title} runs ${running}. Promoting ${version} ships the changes below once the gates let it.`
          : `${status.title} runs nothing yet. Promoting ${version} ships everything in it once the gates let it.`
      }
      reason={{
        label: 'Reason',
        helperText: `Optional; shown with the deployment. Empty: "${DEFAULT_PROMOTE_REASON}".`,
        required: false,
      }}
      confirmationWord={production ? confirmationWord(service) : undefined}
      confirmLabel={`Promote ${version} to ${status.title}`}
      blockedBecause={blockedBecause}
      notice={props.notice}
      onConfirm={reason => props.onConfirm(reason || DEFAULT_PROMOTE_REASON)}
    >
      <DialogChanges
        id={`${id}-changes`}
        heading="What will ship"
        empty={
          running
            ? `No changes recorded between ${running} and ${version}.`
            : `No changes recorded up to ${version}.`
        }
        loading={changes.loading}
        error={changes.error}
        changes={changes.value}
      />
      <GateVerdicts
        id={`${id}-gate`}
        loading={check.loading}
        error={check.error}
        gates={check.value?.gates}
      />
      <WhoMustApprove
        id={`${id}-approvers`}
        gates={check.value?.gates}
        approverGroup={check.value?.approverGroup}
      />
    </ActionDialog>
  );
}
