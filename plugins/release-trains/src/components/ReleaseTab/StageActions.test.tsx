import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  awaitingApproval,
  deployed,
  mockScaffolderApi,
  payments,
  recordDecisions,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { ReleaseTab } from './ReleaseTab';

const gate = (name: string, passed: boolean, reason: string) => ({
  gate: name,
  passed,
  reason,
});

/** staging runs 1.4.2 with 1.5.0 waiting; prod runs 1.4.1, held or awaiting 1.4.2. */
function pipeline(prod: object = {}) {
  return {
    service: 'component:default/payments',
    pipeline: 'default',
    stages: [
      {
        stage: 'staging',
        title: 'Staging',
        current: deployed('1.4.2'),
        waiting: [{ version: '1.5.0' }],
      },
      {
        stage: 'prod',
        title: 'Prod',
        current: deployed('1.4.1'),
        waiting: [],
        ...prod,
      },
    ],
  };
}

/** Gives the reason and, prod being the last stage, types the service's name. */
async function confirmRollback(dialog: HTMLElement, reason: string) {
  fireEvent.change(within(dialog).getByLabelText(/^Why/), {
    target: { value: reason },
  });
  fireEvent.change(
    await within(dialog).findByLabelText(/Type payments to confirm/),
    { target: { value: 'payments' } },
  );
  const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
  await waitFor(() => expect(confirm).toBeEnabled());
  fireEvent.click(confirm);
}

// Scaffolder tasks are followed every 1.5 s; a slow machine needs headroom.
jest.setTimeout(20_000);

describe('Release tab actions', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve(options: { prod?: object; gates?: object[] } = {}) {
    server.use(
      http.get(`${baseUrl}/pipeline`, () =>
        HttpResponse.json(pipeline(options.prod)),
      ),
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/changes/between`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/graph`, ({ request }) =>
        HttpResponse.json({
          stage: new URL(request.url).searchParams.get('stage'),
          nodes: [],
          edges: [],
        }),
      ),
      http.get(`${baseUrl}/promotions/check`, ({ request }) =>
        HttpResponse.json({
          service: 'component:default/payments',
          version: new URL(request.url).searchParams.get('version'),
          stage: 'staging',
          allowed: !(options.gates ?? []).some((g: any) => !g.passed),
          gates: options.gates ?? [gate('soak', true, 'No soak time required')],
        }),
      ),
    );
  }

  const renderTab = (
    options?: Parameters<typeof renderWithReleaseTrainsApi>[1],
  ) =>
    renderWithReleaseTrainsApi(
      <EntityProvider entity={payments}>
        <ReleaseTab />
      </EntityProvider>,
      options,
    );

  it('promotes the newest waiting version, once confirmed in its dialog, through the promote-service template and follows the task', async () => {
    serve();
    const scaffolderApi = mockScaffolderApi(['processing', 'completed']);
    await renderTab({ scaffolderApi });

    const staging = await screen.findByTestId('stage-lane-staging');
    const promote = within(staging).getByRole('button', {
      name: 'Promote 1.5.0',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    fireEvent.click(promote);
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote 1.5.0 to Staging',
    });
    const confirm = within(dialog).getByRole('button', {
      name: 'Promote 1.5.0 to Staging',
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(scaffolderApi.scaffold).not.toHaveBeenCalled();
    fireEvent.click(confirm);

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/promote-service',
        values: {
          service: 'component:default/payments',
          version: '1.5.0',
          stage: 'staging',
          reason: 'Promoted from the Release tab',
        },
      }),
    );
    expect(
      await within(staging).findByText(
        'Promote 1.5.0 to Staging: completed',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('links a promotion blocked by a version requirement to that edge of the graph', async () => {
    serve({
      gates: [
        {
          ...gate(
            'dependencies',
            false,
            'component:default/cart >=2.0.0 required, staging runs 1.9.0',
          ),
          unmetRequirements: ['component:default/cart'],
        },
      ],
    });
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    const link = await within(staging).findByRole('link', {
      name: 'See the requirement in the dependency graph',
    });
    const target = new URL(link.getAttribute('href')!, 'http://portal.test');
    expect(Object.fromEntries(target.searchParams)).toEqual({
      graphStage: 'staging',
      graphFrom: 'component:default/payments',
      graphTo: 'component:default/cart',
    });
    expect(target.hash).toBe('#dependency-graph');
    expect(
      within(staging).getByRole('button', { name: 'Promote 1.5.0' }),
    ).toBeDisabled();
  });

  it('disables Promote with the reason a gate gives', async () => {
    serve({
      gates: [gate('freeze', false, 'staging is frozen: Release party')],
    });
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    const promote = within(staging).getByRole('button', {
      name: 'Promote 1.5.0',
    });
    await waitFor(() =>
      expect(promote.parentElement).toHaveAttribute(
        'title',
        'staging is frozen: Release party',
      ),
    );
    expect(promote).toBeDisabled();
  });

  it('disables both actions for someone the policy does not allow', async () => {
    serve();
    await renderTab({ permission: AuthorizeResult.DENY });

    const staging = await screen.findByTestId('stage-lane-staging');
    await waitFor(() =>
      expect(
        within(staging).getByRole('button', { name: 'Roll back' })
          .parentElement,
      ).toHaveAttribute(
        'title',
        'You are not allowed to roll this service back',
      ),
    );
    expect(
      within(staging).getByRole('button', { name: 'Promote 1.5.0' })
        .parentElement,
    ).toHaveAttribute('title', 'You are not allowed to promote this service');
  });

  it('rolls back with a reason through the rollback-service template, and shows a hold', async () => {
    serve({
      prod: {
        hold: {
          by: 'user:default/ben.okafor',
          reason: 'Error rate up',
          at: '2026-11-21T09:00:00.000Z',
        },
      },
    });
    const scaffolderApi = mockScaffolderApi();
    await renderTab({ scaffolderApi });

    const prod = await screen.findByTestId('stage-lane-prod');
    expect(within(prod).getByTestId('hold-prod')).toHaveTextContent(
      /Held: rolled back by ben\.okafor .* — Error rate up/,
    );
    fireEvent.click(within(prod).getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog');
    await confirmRollback(dialog, 'Checkout errors');

    await waitFor(() =>
      expect(scaffolderApi.scaffold).toHaveBeenCalledWith({
        templateRef: 'template:default/rollback-service',
        values: {
          service: 'component:default/payments',
          stage: 'prod',
          reason: 'Checkout errors',
        },
      }),
    );
  });

  it('rolls back over a promotion awaiting approval, saying it is cancelled, but not over one deploying', async () => {
    serve({ prod: { inFlight: awaitingApproval } });
    const scaffolderApi = mockScaffolderApi();
    await renderTab({ scaffolderApi });

    const prod = await screen.findByTestId('stage-lane-prod');
    fireEvent.click(
      await within(prod).findByRole('button', { name: 'Roll back' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'The promotion of 1.4.2 awaiting approval is cancelled.',
    );
    await confirmRollback(dialog, 'Checkout errors');
    await waitFor(() => expect(scaffolderApi.scaffold).toHaveBeenCalled());
  });

  it('keeps Roll back disabled while a deployment is in progress', async () => {
    serve({
      prod: { inFlight: { ...awaitingApproval, state: 'in-progress' } },
    });
    await renderTab();
    const prod = await screen.findByTestId('stage-lane-prod');
    expect(
      await within(prod).findByRole('button', { name: 'Roll back' }),
    ).toBeDisabled();
  });

  describe('a deployment awaiting approval', () => {
    const awaiting = { inFlight: awaitingApproval };

    function serveApproval() {
      const decisions: unknown[] = [];
      serve({ prod: awaiting });
      server.use(
        http.get(`${baseUrl}/deployments/d-prod`, () =>
          HttpResponse.json({
            ...awaiting.inFlight,
            service: 'component:default/payments',
            stage: 'prod',
            createdBy: 'user:default/ana.lima',
            reason: 'Checkout fix',
            approvals: [
              {
                approver: 'user:default/chen.wu',
                decision: 'approve',
                at: '2026-11-21T10:10:00.000Z',
              },
            ],
            approvalsRequired: 2,
          }),
        ),
        http.get(`${baseUrl}/changes/between`, ({ request }) => {
          const url = new URL(request.url);
          expect(url.searchParams.get('from')).toBe('1.4.1');
          expect(url.searchParams.get('to')).toBe('1.4.2');
          return HttpResponse.json({
            items: [
              {
                commitSha: 'abc1234',
                prNumber: 42,
                title: 'Fix rounding in checkout',
                author: 'ben.okafor',
                issueKeys: [],
              },
            ],
          });
        }),
        recordDecisions('d-prod', decisions),
      );
      return decisions;
    }

    it('shows what changes and lets another person approve', async () => {
      const decisions = serveApproval();
      await renderTab({ user: 'user:default/ben.okafor' });

      const panel = await screen.findByTestId('approval-prod');
      expect(panel).toHaveTextContent('1.4.2 awaits approval: 1 of 2');
      expect(panel).toHaveTextContent(
        'Asked by ana.lima — Checkout fix; approved by chen.wu',
      );
      expect(panel).toHaveTextContent(
        '#42 Fix rounding in checkout (ben.okafor)',
      );

      fireEvent.click(within(panel).getByRole('button', { name: 'Approve' }));
      await waitFor(() => expect(decisions).toEqual([{ decision: 'approve' }]));
    });

    it('does not let the requester approve their own deployment', async () => {
      const decisions = serveApproval();
      await renderTab({ user: 'user:default/ana.lima' });

      const panel = await screen.findByTestId('approval-prod');
      expect(
        within(panel).getByRole('button', { name: 'Approve' }),
      ).toBeDisabled();
      expect(panel).toHaveTextContent(
        'You asked for this deployment; other people must approve it',
      );
      expect(decisions).toEqual([]);
    });
  });
});
