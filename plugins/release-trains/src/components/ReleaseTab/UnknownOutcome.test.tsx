import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import { StageStatus } from '@release-trains/plugin-release-trains-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  deployed,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { UnknownOutcome } from './UnknownOutcome';

const status: StageStatus = {
  stage: 'prod',
  title: 'Prod',
  current: deployed('1.4.1'),
  inFlight: {
    id: 'd-prod',
    version: '1.4.2',
    kind: 'promote',
    state: 'unknown',
    createdAt: '2026-11-21T10:00:00.000Z',
  },
  waiting: [],
};

describe('UnknownOutcome', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Serves the unknown deployment; records the resolutions posted. */
  function serve() {
    const resolutions: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/deployments/d-prod`, () =>
        HttpResponse.json({
          ...status.inFlight,
          service: 'component:default/payments',
          stage: 'prod',
          createdBy: 'user:default/ana.lima',
          deployerError: 'The webhook timed out after 10000 ms',
          approvals: [],
          approvalsRequired: 0,
        }),
      ),
      http.post(
        `${baseUrl}/deployments/d-prod/resolve`,
        async ({ request }) => {
          resolutions.push(await request.json());
          return HttpResponse.json({});
        },
      ),
    );
    return resolutions;
  }

  it.each([
    ['Ask the deployer again', 'retry-status'],
    ['Mark failed', 'mark-failed'],
    ['Mark succeeded', 'mark-succeeded'],
  ])(
    'warns with the deployer’s error and resolves with “%s”',
    async (label, action) => {
      const resolutions = serve();
      const onChange = jest.fn();
      await renderWithReleaseTrainsApi(
        <UnknownOutcome
          service="component:default/payments"
          status={status}
          onChange={onChange}
        />,
      );

      const panel = await screen.findByTestId('unknown-prod');
      expect(panel).toHaveTextContent('Whether 1.4.2 was deployed is unknown');
      expect(
        await within(panel).findByText(/The webhook timed out after 10000 ms/),
      ).toBeInTheDocument();
      const button = within(panel).getByRole('button', { name: label });
      // A resolution says what the person found out.
      expect(button).toBeDisabled();

      await userEvent.type(
        within(panel).getByLabelText('What you found out'),
        'Checked the cluster',
      );
      await userEvent.click(button);

      expect(resolutions).toEqual([{ action, reason: 'Checked the cluster' }]);
      expect(onChange).toHaveBeenCalled();
    },
  );

  it('offers no actions to someone who may not promote', async () => {
    serve();
    await renderWithReleaseTrainsApi(
      <UnknownOutcome
        service="component:default/payments"
        status={status}
        onChange={jest.fn()}
      />,
      { permission: AuthorizeResult.DENY },
    );

    const panel = await screen.findByTestId('unknown-prod');
    expect(
      await within(panel).findByText(
        'You are not allowed to resolve deployments of this service',
      ),
    ).toBeInTheDocument();
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows nothing for a deployment in progress', async () => {
    await renderWithReleaseTrainsApi(
      <UnknownOutcome
        service="component:default/payments"
        status={{
          ...status,
          inFlight: { ...status.inFlight!, state: 'in-progress' },
        }}
        onChange={jest.fn()}
      />,
    );
    expect(screen.queryByTestId('unknown-prod')).not.toBeInTheDocument();
  });
});
