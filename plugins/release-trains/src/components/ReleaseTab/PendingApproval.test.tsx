import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  ApprovalEligibility,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  awaitingApproval,
  catalogUser,
  deployed,
  errorResponse,
  recordDecisions,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { PendingApproval } from './PendingApproval';

const status: StageStatus = {
  stage: 'prod',
  title: 'Prod',
  current: deployed('1.4.1'),
  inFlight: awaitingApproval,
  waiting: [],
};

const now = '2026-11-21T10:05:00.000Z';

const changeAdvisory: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'change-advisory',
    namespace: 'default',
    title: 'Change Advisory Board',
  },
  spec: { type: 'team', children: [] },
};

const onlyCab =
  'Only members of group:default/change-advisory may approve deployments into prod';

describe('PendingApproval', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Serves the deployment awaiting approval; records the decisions posted. */
  function serve(details: {
    approverGroup?: string;
    eligibility?: ApprovalEligibility;
    approvals?: object[];
    approvalsRequired?: number;
  }) {
    const decisions: unknown[] = [];
    server.use(
      http.get(`${baseUrl}/deployments/d-prod`, () =>
        HttpResponse.json({
          ...status.inFlight,
          service: 'component:default/payments',
          stage: 'prod',
          createdBy: 'user:default/ana.lima',
          approvals: [],
          approvalsRequired: 2,
          ...details,
        }),
      ),
      http.get(`${baseUrl}/changes/between`, () =>
        HttpResponse.json({ items: [] }),
      ),
      recordDecisions('d-prod', decisions),
    );
    return decisions;
  }

  const renderPanel = (
    options: Parameters<typeof renderWithReleaseTrainsApi>[1] = {},
    onChange = jest.fn(),
  ) =>
    renderWithReleaseTrainsApi(
      <PendingApproval
        service="component:default/payments"
        status={status}
        onChange={onChange}
      />,
      { user: 'user:default/ben.okafor', ...options },
    );

  it('names the group whose members may approve, with a link to it', async () => {
    serve({
      approverGroup: 'group:default/change-advisory',
      eligibility: { allowed: true, reason: 'You may approve' },
    });
    await renderPanel({ entities: [changeAdvisory] });

    const panel = await screen.findByTestId('approval-prod');
    expect(panel).toHaveTextContent('1.4.2 awaits approval: 0 of 2');
    expect(panel).toHaveTextContent(
      'Approvers: members of Change Advisory Board',
    );
    expect(
      within(panel).getByRole('link', { name: 'Change Advisory Board' }),
    ).toHaveAttribute('href', '/catalog/default/group/change-advisory');
  });

  it('names the requester and the approvers as the catalog does, each linking to their profile', async () => {
    serve({
      approverGroup: 'group:default/change-advisory',
      eligibility: { allowed: true, reason: 'You may approve' },
      approvals: [
        { approver: 'user:default/chen.wu', decision: 'approve', at: now },
        {
          approver: 'user:default/dana.kowalski',
          decision: 'approve',
          at: now,
        },
      ],
      approvalsRequired: 3,
    });
    await renderPanel({
      entities: [
        catalogUser('ana.lima', 'Ana Lima'),
        catalogUser('chen.wu', 'Chen Wu'),
      ],
    });

    const panel = await screen.findByTestId('approval-prod');
    // Dana is not in the catalog: her name, from the ref.
    expect(panel).toHaveTextContent(
      'Asked by Ana Lima; approved by Chen Wu, dana.kowalski',
    );
    expect(
      within(panel).getByRole('link', { name: 'Ana Lima' }),
    ).toHaveAttribute('href', '/catalog/default/user/ana.lima');
    expect(
      within(panel).getByRole('link', { name: 'dana.kowalski' }),
    ).toHaveAttribute('href', '/catalog/default/user/dana.kowalski');
    expect(panel).not.toHaveTextContent(/user:default\//);
    expect(panel).not.toHaveTextContent(/group:default\//);
  });

  it('says the permission policy decides when the stage names no group', async () => {
    serve({ eligibility: { allowed: true, reason: 'You may approve' } });
    await renderPanel();

    const panel = await screen.findByTestId('approval-prod');
    expect(panel).toHaveTextContent(
      'Approvers: people the permission policy allows',
    );
    expect(panel).not.toHaveTextContent('members of');
  });

  it('disables Approve and Reject with the reason the backend gives', async () => {
    // The permission policy allows ben, and he did not ask: only the
    // backend's answer stands in the way.
    const decisions = serve({
      approverGroup: 'group:default/change-advisory',
      eligibility: { allowed: false, reason: onlyCab },
    });
    await renderPanel({ permission: AuthorizeResult.ALLOW });

    const panel = await screen.findByTestId('approval-prod');
    const approve = within(panel).getByRole('button', { name: 'Approve' });
    const reject = within(panel).getByRole('button', { name: 'Reject' });
    expect(approve).toBeDisabled();
    expect(reject).toBeDisabled();
    expect(within(panel).getByText(onlyCab)).toBeInTheDocument();

    await userEvent.hover(within(panel).getByTitle(onlyCab));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(onlyCab);
    expect(decisions).toEqual([]);
  });

  it('shows the backend’s reason to the requester once', async () => {
    const reason =
      'You asked for this deployment; other people must approve it';
    serve({ eligibility: { allowed: false, reason } });
    await renderPanel({ user: 'user:default/ana.lima' });

    const panel = await screen.findByTestId('approval-prod');
    expect(within(panel).getAllByText(reason)).toHaveLength(1);
    expect(
      within(panel).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
  });

  it('enables Approve when the backend allows, and posts the decision', async () => {
    // The portal's own permission check would refuse; the backend decides.
    const decisions = serve({
      approverGroup: 'group:default/change-advisory',
      eligibility: { allowed: true, reason: 'You may approve' },
    });
    const onChange = jest.fn();
    await renderPanel({ permission: AuthorizeResult.DENY }, onChange);

    const panel = await screen.findByTestId('approval-prod');
    const approve = within(panel).getByRole('button', { name: 'Approve' });
    expect(approve).toBeEnabled();
    expect(within(panel).getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(panel).not.toHaveTextContent('You may approve');

    await userEvent.click(approve);
    await waitFor(() => expect(decisions).toEqual([{ decision: 'approve' }]));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
  });

  it('shows the backend’s refusal of a decision', async () => {
    serve({ eligibility: { allowed: true, reason: 'You may approve' } });
    server.use(
      http.post(`${baseUrl}/deployments/d-prod/approvals`, () =>
        errorResponse(403, 'NotAllowedError', onlyCab),
      ),
    );
    const onChange = jest.fn();
    await renderPanel({}, onChange);

    const panel = await screen.findByTestId('approval-prod');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Reject' }),
    );

    expect(await within(panel).findByText(onlyCab)).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('lets the requester cancel the request', async () => {
    serve({ eligibility: { allowed: false, reason: 'You asked for it' } });
    const cancelled: string[] = [];
    server.use(
      http.post(`${baseUrl}/deployments/:id/cancel`, ({ params }) => {
        cancelled.push(params.id as string);
        return HttpResponse.json({ id: params.id, state: 'cancelled' });
      }),
    );
    const onChange = jest.fn();
    // Not allowed to promote: asking for it is enough.
    await renderPanel(
      { user: 'user:default/ana.lima', permission: AuthorizeResult.DENY },
      onChange,
    );

    const panel = await screen.findByTestId('approval-prod');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Cancel request' }),
    );
    await waitFor(() => expect(cancelled).toEqual(['d-prod']));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
  });

  it('offers Cancel request to an owner, and to nobody else', async () => {
    serve({ eligibility: { allowed: true, reason: 'You may approve' } });
    const { unmount } = await renderPanel({
      permission: AuthorizeResult.ALLOW,
    });
    const panel = await screen.findByTestId('approval-prod');
    await waitFor(() =>
      expect(
        within(panel).getByRole('button', { name: 'Cancel request' }),
      ).toBeEnabled(),
    );
    unmount();

    await renderPanel({ permission: AuthorizeResult.DENY });
    expect(
      within(await screen.findByTestId('approval-prod')).queryByRole('button', {
        name: 'Cancel request',
      }),
    ).not.toBeInTheDocument();
  });

  it('falls back to its own checks when the backend gives no eligibility', async () => {
    serve({});
    await renderPanel({ permission: AuthorizeResult.DENY });

    const panel = await screen.findByTestId('approval-prod');
    await waitFor(() =>
      expect(panel).toHaveTextContent(
        'You are not allowed to approve deployments of this service',
      ),
    );
    expect(
      within(panel).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
  });
});
