import { useApi } from '@backstage/core-plugin-api';
import { StageStatus } from '@release-trains/plugin-release-trains-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
import { DialogChanges } from './DialogChanges';
import { confirmationWord } from './dialogData';

/**
 * Before a rollback starts: the version the stage returns to, the changes
 * that leave it, the promotion it cancels (one awaiting approval: an
 * emergency does not wait for approvers), a required reason and, in
 * production, the service's name typed.
 */
export function RollbackDialog(props: {
  service: string;
  status: StageStatus;
  /**
   * The version the stage ran, and the one it returns to (by the rule the
   * rollback applies), when the dialog opened.
   */
  running?: string;
  target?: string;
  /** Says that the stage has moved on since the dialog opened. */
  notice?: string;
  /** The pipeline's last stage: confirming asks for the service's name typed. */
  production: boolean;
  open: boolean;
  onClose: () => void;
  /**
   * `version` is the one shown, sent along so that the backend refuses
   * the rollback if its target moved since the pipeline was read.
   */
  onConfirm: (reason: string, version?: string) => void;
}) {
  const { service, status, running, target, open, production } = props;
  const api = useApi(releaseTrainsApiRef);
  const changes = useAsync(
    async () =>
      open && running && target
        ? (await api.changesBetween({ service, from: target, to: running }))
            .items
        : undefined,
    [api, service, running, target, open],
  );
  const preEmpted =
    status.inFlight &&
    ['pending', 'awaiting-approval'].includes(status.inFlight.state)
      ? status.inFlight
      : undefined;
  const id = `rollback-${status.stage}`;
  const returnsTo = target ?? `the version it ran before ${running}`;
  const removed = target ? (
    <DialogChanges
      id={`${id}-changes`}
      heading={`Removed from ${status.title}`}
      empty={`No changes recorded between ${target} and ${running}.`}
      loading={changes.loading}
      error={changes.error}
      changes={changes.value}
    />
  ) : (
    <Typography variant="body2" color="textSecondary">
      No earlier version of {status.title} passed its gate and was not rolled
      back, so the changes removed are not known here; the rollback asks the
      backend, which says why if there is none.
    </Typography>
  );

  return (
    <ActionDialog
      id={id}
      open={open}
      onClose={props.onClose}
      title={`Roll back ${status.title}`}
      description={`${status.title} returns from ${running} to ${returnsTo} and is held: nothing is promoted into it until someone promotes a version explicitly.`}
      reason={{
        label: 'Why',
        helperText: 'Required; shown with the hold on the stage.',
        required: true,
      }}
      confirmationWord={production ? confirmationWord(service) : undefined}
      confirmLabel="Roll back"
      confirmColor="secondary"
      notice={props.notice}
      onConfirm={reason => props.onConfirm(reason, target)}
    >
      {target && (
        <Typography variant="body1" data-testid={`${id}-target`}>
          Returns to <strong>{target}</strong>
        </Typography>
      )}
      {removed}
      {preEmpted && (
        <Typography variant="body2" paragraph>
          The promotion of {preEmpted.version} awaiting approval is cancelled.
        </Typography>
      )}
    </ActionDialog>
  );
}
