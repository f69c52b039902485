import { registerMswTestHooks } from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { mockScaffolderApi } from '../../__testUtils__/renderWithApi';
import {
  change,
  gate,
  prod,
  renderLiveStageActions,
  renderStageActions,
  serveDialogs,
  staging,
} from '../../__testUtils__/stageDialogs';

const promoteTask = (stage: string, reason: string) => ({
  templateRef: 'template:default/promote-service',
  values: {
    service: 'component:default/payments',
    version: '1.5.0',
    stage,
    reason,
  },
});

async function openPromote() {
  const promote = await screen.findByRole('button', { name: 'Promote 1.5.0' });
  await waitFor(() => expect(promote).toBeEnabled());
  fireEvent.click(promote);
  return screen.findByRole('dialog', { name: /^Promote 1\.5\.0 to / });
}

const confirmButton = (dialog: HTMLElement, stage: string) =>
  within(dialog).getByRole('button', { name: `Promote 1.5.0 to ${stage}` });

describe('PromoteDialog', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows what will ship, with each pull request linked and its author, the gates and who must approve', async () => {
    const { changeQueries } = serveDialogs(server, {
      changes: [
        change(42, 'Fix rounding in checkout', 'ben.okafor'),
        change(43, 'Retry card declines once', 'chen.wu'),
      ],
      gates: () => [
        gate('soak', true, 'Soaked 26 h in dev'),
        gate(
          'approvals',
          false,
          'Needs 2 approvals from people other than the requester',
        ),
      ],
    });
    await renderStageActions(staging);

    const dialog = await openPromote();
    expect(dialog).toHaveAccessibleDescription(
      'Staging runs 1.4.2. Promoting 1.5.0 ships the changes below once the gates let it.',
    );
    const shipping = await within(dialog).findByRole('list', {
      name: 'What will ship',
    });
    const items = within(shipping).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      /^PR #42.* Fix rounding in checkout — by ben\.okafor$/,
    );
    expect(items[1]).toHaveTextContent(
      /^PR #43.* Retry card declines once — by chen\.wu$/,
    );
    expect(
      within(items[0]).getByRole('link', { name: /^PR #42\b/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/payments/pull/42');
    expect(changeQueries).toEqual([{ from: '1.4.2', to: '1.5.0' }]);

    expect(
      await within(dialog).findByTestId('promote-staging-gate-soak'),
    ).toHaveTextContent('Soak time: Passed — Soaked 26 h in dev');
    expect(
      within(dialog).getByTestId('promote-staging-gate-approvals'),
    ).toHaveTextContent(
      'Approvals: Awaits approval — Needs 2 approvals from people other than the requester',
    );
    expect(
      within(dialog).getByRole('heading', { name: 'Who must approve' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByTestId('promote-staging-approvers'),
    ).toHaveTextContent(
      'Needs 2 approvals from people other than the requester, members of change-advisory. The request waits for their approvals.',
    );
  });

  it('keeps Confirm disabled, saying why, when a gate has failed since the lane was checked', async () => {
    serveDialogs(server, {
      // The lane's check passes; the dialog's, made on opening, does not.
      gates: call =>
        call === 0
          ? [gate('freeze', true, 'No freeze')]
          : [gate('freeze', false, 'staging is frozen: Release party')],
    });
    await renderStageActions(staging);

    const dialog = await openPromote();
    expect(
      await within(dialog).findByTestId('promote-staging-gate-freeze'),
    ).toHaveTextContent('Freeze: Failed — staging is frozen: Release party');
    expect(confirmButton(dialog, 'Staging')).toBeDisabled();
  });

  it('needs no typed confirmation outside production, and sends the default reason when none is given', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    await renderStageActions(staging, { scaffolderApi });

    const dialog = await openPromote();
    const confirm = confirmButton(dialog, 'Staging');
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(within(dialog).queryByLabelText(/to confirm/)).toBeNull();
    // The ids the browser tests use.
    expect(screen.getByTestId('promote-staging-dialog')).toContainElement(
      dialog,
    );
    expect(screen.getByTestId('promote-staging-confirm')).toBe(confirm);
    expect(screen.getByTestId('promote-staging-reason')).toHaveFocus();
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith(
        promoteTask('staging', 'Promoted from the Release tab'),
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("into production keeps Confirm disabled until the service's name is typed, then sends the reason given", async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    await renderStageActions(prod, { scaffolderApi });

    const dialog = await openPromote();
    const confirmation = await within(dialog).findByLabelText(
      /Type payments to confirm/,
    );
    const confirm = confirmButton(dialog, 'Prod');
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'Checkout fix for the sale' },
    });
    fireEvent.change(confirmation, { target: { value: 'paymentz' } });
    expect(confirm).toBeDisabled();
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'Type payments to confirm',
    );
    expect(confirm).toHaveAccessibleDescription('Type payments to confirm');
    fireEvent.change(confirmation, { target: { value: 'payments' } });
    expect(confirm).toBeEnabled();
    expect(within(dialog).getByRole('status')).toHaveTextContent('');
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith(
        promoteTask('prod', 'Checkout fix for the sale'),
      ),
    );
  });

  it('works from the keyboard alone: Enter on Promote, type a reason, Enter starts the task', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const user = userEvent.setup();
    await renderStageActions(staging, { scaffolderApi });

    const promote = await screen.findByRole('button', {
      name: 'Promote 1.5.0',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    promote.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const reason = within(dialog).getByLabelText('Reason');
    expect(reason).toHaveFocus();
    await waitFor(() => expect(confirmButton(dialog, 'Staging')).toBeEnabled());
    await user.keyboard('Checkout fix{Enter}');

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith(
        promoteTask('staging', 'Checkout fix'),
      ),
    );
  });

  it('into production from the keyboard: Enter in the confirmation submits only once it matches', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const user = userEvent.setup();
    await renderStageActions(prod, { scaffolderApi });

    const promote = await screen.findByRole('button', {
      name: 'Promote 1.5.0',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    promote.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const confirmation = await within(dialog).findByLabelText(
      /Type payments to confirm/,
    );
    await user.keyboard('Sale fix');
    await user.tab();
    expect(confirmation).toHaveFocus();
    await user.keyboard('pay{Enter}');
    expect(scaffolderApi.scaffold).not.toHaveBeenCalled();
    await user.keyboard('ments{Enter}');

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith(
        promoteTask('prod', 'Sale fix'),
      ),
    );
  });

  it('closes on Escape without starting anything and gives the focus back to Promote', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const user = userEvent.setup();
    await renderStageActions(staging, { scaffolderApi });

    const promote = await screen.findByRole('button', {
      name: 'Promote 1.5.0',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    promote.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(promote).toHaveFocus();
    expect(scaffolderApi.scaffold).not.toHaveBeenCalled();
  });

  it('says so while the changes load, and when they cannot be loaded', async () => {
    serveDialogs(server, { changes: 'error', changesDelay: 200 });
    await renderStageActions(staging);

    const dialog = await openPromote();
    expect(
      within(dialog).getByText('Loading the changes…'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText(
        'Could not load the changes: The ledger is unreachable',
      ),
    ).toBeInTheDocument();
  });

  it('says when no changes are recorded between the versions', async () => {
    serveDialogs(server, { changes: [] });
    await renderStageActions(staging);

    const dialog = await openPromote();
    expect(
      await within(dialog).findByText(
        'No changes recorded between 1.4.2 and 1.5.0.',
      ),
    ).toBeInTheDocument();
  });

  it('keeps the version it opened with when the lane moves on, says so, and promotes that version', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const { setStatus } = await renderLiveStageActions(prod, {
      scaffolderApi,
    });

    const dialog = await openPromote();
    fireEvent.change(
      await within(dialog).findByLabelText(/Type payments to confirm/),
      { target: { value: 'payments' } },
    );
    act(() => setStatus({ ...prod, waiting: [{ version: '1.6.0' }] }));

    expect(dialog).toHaveAccessibleName('Promote 1.5.0 to Prod');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      '1.6.0 now waits to enter Prod; close and reopen to see the current changes.',
    );
    act(() => setStatus({ ...prod, waiting: [] }));
    expect(screen.getByRole('dialog')).toBe(dialog);
    const confirm = confirmButton(dialog, 'Prod');
    await waitFor(() => expect(confirm).toBeEnabled());
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith(
        promoteTask('prod', 'Promoted from the Release tab'),
      ),
    );
  });
});
