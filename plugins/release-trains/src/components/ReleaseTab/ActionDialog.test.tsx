import { TestApiProvider } from '@backstage/test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { mockScaffolderApi } from '../../__testUtils__/renderWithApi';
import { useReleaseTask } from '../../hooks/useReleaseTask';
import { ReactNode, useLayoutEffect } from 'react';
import { ActionDialog } from './ActionDialog';

/** A dialog whose Confirm needs a reason; it stays open after confirming, as while it fades out. */
const dialog = (
  open: boolean,
  onConfirm: (reason: string) => void,
  children: ReactNode = null,
) => (
  <ActionDialog
    id="promote-staging"
    open={open}
    onClose={() => {}}
    title="Promote 1.5.0 to Staging"
    description="Staging runs 1.4.2."
    reason={{ label: 'Why', helperText: 'Required.', required: true }}
    confirmLabel="Promote"
    onConfirm={onConfirm}
  >
    {children}
  </ActionDialog>
);

/** Records the reason field as each render leaves it, before it is painted. */
function SeenReason(props: { seen: (string | undefined)[] }) {
  useLayoutEffect(() => {
    props.seen.push(
      document.querySelector<HTMLInputElement>('#promote-staging-reason')
        ?.value,
    );
  });
  return null;
}

describe('ActionDialog', () => {
  it('says why Confirm is disabled, next to it', () => {
    render(dialog(true, jest.fn()));
    const confirm = screen.getByRole('button', { name: 'Promote' });
    expect(confirm).toBeDisabled();
    expect(screen.getByRole('status')).toHaveTextContent('Why is required');
    expect(confirm).toHaveAccessibleDescription('Why is required');
  });

  it('confirms once when Confirm is clicked twice quickly', () => {
    const onConfirm = jest.fn();
    render(dialog(true, onConfirm));
    fireEvent.change(screen.getByLabelText(/^Why/), {
      target: { value: 'Checkout fix' },
    });
    const confirm = screen.getByRole('button', { name: 'Promote' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onConfirm).toHaveBeenCalledWith('Checkout fix');
  });

  it('opens again empty, never showing the last reason', () => {
    const seen: (string | undefined)[] = [];
    const { rerender } = render(dialog(true, jest.fn()));
    fireEvent.change(screen.getByLabelText(/^Why/), {
      target: { value: 'Checkout fix' },
    });
    rerender(dialog(false, jest.fn()));
    rerender(dialog(true, jest.fn(), <SeenReason seen={seen} />));
    expect(screen.getByLabelText(/^Why/)).toHaveValue('');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain('Checkout fix');
  });
});

describe('useReleaseTask', () => {
  it('starts one task when asked twice before the scaffolder answers', async () => {
    const scaffolderApi = mockScaffolderApi();
    let hook: ReturnType<typeof useReleaseTask> | undefined;
    function Probe() {
      hook = useReleaseTask(() => {});
      return null;
    }
    render(
      <TestApiProvider apis={[[scaffolderApiRef, scaffolderApi]]}>
        <Probe />
      </TestApiProvider>,
    );
    await act(async () => {
      const values = { service: 'component:default/payments' };
      const first = hook!.start('Promote', 'promote-service', values);
      const second = hook!.start('Promote', 'promote-service', values);
      await Promise.all([first, second]);
    });
    expect(scaffolderApi.scaffold).toHaveBeenCalledTimes(1);
  });

  it('counts as running from the moment a task is asked for', async () => {
    const scaffolderApi = mockScaffolderApi();
    let answer: (value: { taskId: string }) => void = () => {};
    scaffolderApi.scaffold.mockImplementation(
      () => new Promise(resolve => (answer = resolve)),
    );
    let hook: ReturnType<typeof useReleaseTask> | undefined;
    function Probe() {
      hook = useReleaseTask(() => {});
      return null;
    }
    render(
      <TestApiProvider apis={[[scaffolderApiRef, scaffolderApi]]}>
        <Probe />
      </TestApiProvider>,
    );
    act(() => {
      hook!.start('Promote', 'promote-service', {});
    });
    expect(hook!.running).toBe(true);
    await act(async () => answer({ taskId: 'task-1' }));
    expect(hook!.task?.status).toBe('open');
  });
});
