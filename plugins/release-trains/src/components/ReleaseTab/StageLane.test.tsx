import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/test-utils';
import { StageStatus } from '@release-trains/plugin-release-trains-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  catalogUser,
  renderWithReleaseTrainsApi,
} from '../../__testUtils__/renderWithApi';
import { StageLane } from './StageLane';

const running = (ungated?: boolean): StageStatus['current'] => ({
  id: 'd-1.4.1',
  version: '1.4.1',
  kind: 'deploy',
  state: 'succeeded',
  createdBy: 'user:default/ana.lima',
  createdAt: '2026-11-20T10:00:00.000Z',
  since: '2026-11-20T10:05:00.000Z',
  ...(ungated === undefined ? {} : { ungated }),
});

describe('StageLane', () => {
  // No request is expected: nothing waits and nothing is in flight.
  const server = setupServer();
  registerMswTestHooks(server);

  const renderLane = (status: Partial<StageStatus>, entities?: Entity[]) =>
    renderWithReleaseTrainsApi(
      <StageLane
        service="component:default/payments"
        status={{ stage: 'prod', title: 'Prod', waiting: [], ...status }}
        onChange={jest.fn()}
      />,
      { entities },
    );

  it('marks a version that entered without passing the gate as ungated, and explains why on hover', async () => {
    await renderLane({ current: running(true) });

    const lane = screen.getByTestId('stage-lane-prod');
    const badge = within(lane).getByTestId('ungated-prod');
    expect(badge).toHaveTextContent('Ungated');
    expect(within(lane).getByText('deploy')).toBeInTheDocument();

    await userEvent.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Recorded without passing the Prod gate: by hand or reported by CI',
    );
  });

  it.each([
    ['not set', undefined],
    ['false', false],
  ])('shows no ungated badge when ungated is %s', async (_, ungated) => {
    await renderLane({ current: running(ungated) });

    const lane = screen.getByTestId('stage-lane-prod');
    expect(within(lane).getByText('1.4.1')).toBeInTheDocument();
    expect(within(lane).queryByTestId('ungated-prod')).not.toBeInTheDocument();
    expect(within(lane).queryByText('Ungated')).not.toBeInTheDocument();
  });

  it('shows gate compliance below 100 % in the warning colour', async () => {
    await renderLane({
      current: running(),
      compliance: { deployments: 20, gated: 19 },
    });

    const line = screen.getByTestId('compliance-prod');
    expect(line).toHaveTextContent(
      /^Gate compliance: 95 % \(19 of 20 deployments passed the gate\)$/,
    );
    // The default light theme's palette.warning.dark.
    expect(line).toHaveStyle({ color: '#f57c00' });
  });

  it('shows full gate compliance without the warning colour', async () => {
    await renderLane({
      current: running(),
      compliance: { deployments: 20, gated: 20 },
    });

    const line = screen.getByTestId('compliance-prod');
    expect(line).toHaveTextContent(
      /^Gate compliance: 100 % \(20 of 20 deployments passed the gate\)$/,
    );
    expect(line).not.toHaveStyle({ color: '#f57c00' });
  });

  it('rounds down, so that 100 % means every deployment passed', async () => {
    await renderLane({
      current: running(),
      compliance: { deployments: 200, gated: 199 },
    });

    expect(screen.getByTestId('compliance-prod')).toHaveTextContent(
      'Gate compliance: 99 % (199 of 200 deployments passed the gate)',
    );
  });

  it('says when no deployment has run in the stage yet', async () => {
    await renderLane({ compliance: { deployments: 0, gated: 0 } });

    const line = screen.getByTestId('compliance-prod');
    expect(line).toHaveTextContent(/^Gate compliance: no deployments yet$/);
    expect(line).not.toHaveStyle({ color: '#f57c00' });
  });

  it('names who deployed and who rolled back as the catalog does, linking to their profiles', async () => {
    await renderLane(
      {
        current: running(),
        hold: {
          by: 'user:default/ben.okafor',
          reason: 'Error rate climbing',
          at: '2026-11-20T10:10:00.000Z',
        },
      },
      [catalogUser('ana.lima', 'Ana Lima')],
    );

    const lane = screen.getByTestId('stage-lane-prod');
    expect(
      within(lane).getByRole('link', { name: 'Ana Lima' }),
    ).toHaveAttribute('href', '/catalog/default/user/ana.lima');
    expect(lane).toHaveTextContent(/· by Ana Lima/);
    // Ben is not in the catalog: his name, from the ref.
    expect(
      within(screen.getByTestId('hold-prod')).getByRole('link', {
        name: 'ben.okafor',
      }),
    ).toHaveAttribute('href', '/catalog/default/user/ben.okafor');
    expect(screen.getByTestId('hold-prod')).toHaveTextContent(
      /^Held: rolled back by ben\.okafor .* — Error rate climbing\./,
    );
    expect(lane).not.toHaveTextContent(/user:default\//);
  });

  it('shows a caller that is no catalog entity as text', async () => {
    await renderLane({
      current: { ...running()!, createdBy: 'plugin:scaffolder' },
    });

    const lane = screen.getByTestId('stage-lane-prod');
    expect(lane).toHaveTextContent(/· by plugin:scaffolder/);
    expect(
      within(lane).queryByRole('link', { name: /scaffolder/ }),
    ).not.toBeInTheDocument();
  });

  it('shows no compliance line for a stage without approvals', async () => {
    await renderLane({ current: running() });

    expect(screen.getByText('1.4.1')).toBeInTheDocument();
    expect(screen.queryByTestId('compliance-prod')).not.toBeInTheDocument();
    expect(screen.queryByText(/Gate compliance/)).not.toBeInTheDocument();
  });
});
