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
import { deployed, mockScaffolderApi } from '../../__testUtils__/renderWithApi';
import {
  change,
  prod,
  renderLiveStageActions,
  renderStageActions,
  serveDialogs,
  staging,
} from '../../__testUtils__/stageDialogs';

async function openRollback() {
  fireEvent.click(await screen.findByRole('button', { name: 'Roll back' }));
  return screen.findByRole('dialog', { name: /^Roll back / });
}

describe('RollbackDialog', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('names the version the stage returns to and lists the changes it removes', async () => {
    const { changeQueries } = serveDialogs(server, {
      changes: [change(42, 'Fix rounding in checkout', 'ben.okafor')],
    });
    await renderStageActions(prod);

    const dialog = await openRollback();
    expect(
      await within(dialog).findByTestId('rollback-prod-target'),
    ).toHaveTextContent('Returns to 1.4.1');
    expect(dialog).toHaveAccessibleDescription(
      'Prod returns from 1.4.2 to 1.4.1 and is held: nothing is promoted into it until someone promotes a version explicitly.',
    );
    const removed = await within(dialog).findByRole('list', {
      name: 'Removed from Prod',
    });
    expect(within(removed).getByRole('listitem')).toHaveTextContent(
      /^PR #42.* Fix rounding in checkout — by ben\.okafor$/,
    );
    expect(changeQueries).toEqual([{ from: '1.4.1', to: '1.4.2' }]);
  });

  it("in production needs a reason and the service's name typed, then rolls back to the version shown", async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    await renderStageActions(prod, { scaffolderApi });

    const dialog = await openRollback();
    await within(dialog).findByTestId('rollback-prod-target');
    const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
    const confirmation = await within(dialog).findByLabelText(
      /Type payments to confirm/,
    );
    // The ids the browser tests use.
    expect(screen.getByTestId('rollback-prod-confirm')).toBe(confirm);
    expect(screen.getByTestId('rollback-prod-confirmation')).toBe(confirmation);
    expect(screen.getByTestId('rollback-prod-reason')).toBe(
      within(dialog).getByLabelText(/^Why/),
    );
    fireEvent.change(confirmation, { target: { value: 'payments' } });
    expect(confirm).toBeDisabled(); // no reason yet
    fireEvent.change(within(dialog).getByLabelText(/^Why/), {
      target: { value: 'Checkout errors' },
    });
    expect(confirm).toBeEnabled();
    fireEvent.change(confirmation, { target: { value: 'cart' } });
    expect(confirm).toBeDisabled();
    fireEvent.change(confirmation, { target: { value: 'payments' } });
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/rollback-service',
        values: {
          service: 'component:default/payments',
          stage: 'prod',
          version: '1.4.1',
          reason: 'Checkout errors',
        },
      }),
    );
  });

  it('outside production needs only the reason', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const user = userEvent.setup();
    await renderStageActions(staging, { scaffolderApi });

    const dialog = await openRollback();
    await within(dialog).findByTestId('rollback-staging-target');
    expect(within(dialog).getByLabelText(/^Why/)).toHaveFocus();
    expect(within(dialog).queryByLabelText(/to confirm/)).toBeNull();
    await user.keyboard('Checkout errors{Enter}');

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/rollback-service',
        values: {
          service: 'component:default/payments',
          stage: 'staging',
          version: '1.4.1',
          reason: 'Checkout errors',
        },
      }),
    );
  });

  it('without a version to return to in the pipeline, says so and lets the backend pick', async () => {
    const { changeQueries } = serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    await renderStageActions(
      { ...staging, rollbackTarget: undefined },
      { scaffolderApi },
    );

    const dialog = await openRollback();
    expect(
      within(dialog).getByText(/No earlier version of Staging passed its gate/),
    ).toBeInTheDocument();
    expect(within(dialog).queryByTestId('rollback-staging-target')).toBeNull();
    expect(changeQueries).toEqual([]);
    expect(dialog).toHaveAccessibleDescription(
      /^Staging returns from 1\.4\.2 to the version it ran before 1\.4\.2/,
    );
    fireEvent.change(within(dialog).getByLabelText(/^Why/), {
      target: { value: 'Checkout errors' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/rollback-service',
        values: {
          service: 'component:default/payments',
          stage: 'staging',
          reason: 'Checkout errors',
        },
      }),
    );
  });

  it('closes on Escape and gives the focus back to Roll back', async () => {
    serveDialogs(server);
    const user = userEvent.setup();
    await renderStageActions(prod);

    const rollBack = await screen.findByRole('button', { name: 'Roll back' });
    rollBack.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(rollBack).toHaveFocus();
  });

  it('keeps the target it opened with when the lane moves on, says so, and rolls back to that target', async () => {
    serveDialogs(server);
    const scaffolderApi = mockScaffolderApi();
    const { setStatus } = await renderLiveStageActions(prod, {
      scaffolderApi,
    });

    const dialog = await openRollback();
    act(() =>
      setStatus({
        ...prod,
        current: deployed('1.5.0'),
        rollbackTarget: '1.4.2',
      }),
    );

    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Prod now runs 1.5.0; close and reopen to see the current changes.',
    );
    expect(
      within(dialog).getByTestId('rollback-prod-target'),
    ).toHaveTextContent('Returns to 1.4.1');
    fireEvent.change(within(dialog).getByLabelText(/^Why/), {
      target: { value: 'Checkout errors' },
    });
    fireEvent.change(
      within(dialog).getByLabelText(/Type payments to confirm/),
      {
        target: { value: 'payments' },
      },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/rollback-service',
        values: {
          service: 'component:default/payments',
          stage: 'prod',
          version: '1.4.1',
          reason: 'Checkout errors',
        },
      }),
    );
  });
});
