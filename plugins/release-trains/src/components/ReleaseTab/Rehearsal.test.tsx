import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  releaseTrainsRollbackPermission,
  RollbackRehearsal,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { doraReport } from '../../__testUtils__/doraReport';
import {
  deployed,
  errorResponse,
  payments,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { ReleaseTab } from './ReleaseTab';

const DAY_MS = 24 * 3_600_000;

const rehearsal = (
  changes: Partial<RollbackRehearsal> = {},
): RollbackRehearsal => ({
  id: 'r-1',
  service: 'component:default/payments',
  stage: 'staging',
  version: '1.4.0',
  previousVersion: '1.3.2',
  phase: 'done',
  state: 'succeeded',
  rollbackMs: 100_000,
  redeployMs: 80_000,
  requestedBy: 'user:default/ana.lima',
  startedAt: new Date(Date.now() - 2 * DAY_MS - 600_000).toISOString(),
  phaseStartedAt: new Date(Date.now() - 2 * DAY_MS - 300_000).toISOString(),
  finishedAt: new Date(Date.now() - 2 * DAY_MS - 300_000).toISOString(),
  ...changes,
});

/** staging runs 1.4.0, prod (the last stage) 1.3.2 and needs a rehearsal. */
function pipeline(staging: Partial<StageStatus> = {}) {
  return {
    service: 'component:default/payments',
    pipeline: 'default',
    stages: [
      {
        stage: 'staging',
        title: 'Staging',
        current: deployed('1.4.0'),
        waiting: [],
        ...staging,
      },
      {
        stage: 'prod',
        title: 'Prod',
        current: deployed('1.3.2'),
        waiting: [],
        rehearsalRequired: true,
      },
    ],
  };
}

// The whole tab renders; a busy machine needs headroom.
jest.setTimeout(20_000);

describe('Rollback rehearsal in the Release tab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Serves the tab; answers the pipeline in turn with each of `stagings`. */
  function serve(...stagings: Partial<StageStatus>[]) {
    const asked = { pipeline: 0 };
    server.use(
      http.get(`${baseUrl}/pipeline`, () => {
        const staging = stagings[Math.min(asked.pipeline, stagings.length - 1)];
        asked.pipeline += 1;
        return HttpResponse.json(pipeline(staging));
      }),
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json({ items: [] }),
      ),
      // The rest of the tab, answered so that it stays quiet.
      http.get(`${baseUrl}/trains`, () => HttpResponse.json({ items: [] })),
      http.get(`${baseUrl}/insights/dora`, () =>
        HttpResponse.json(doraReport()),
      ),
      http.get(`${baseUrl}/insights/drift`, () =>
        HttpResponse.json({
          scope: { service: 'component:default/payments' },
          serviceCount: 1,
          findings: [],
        }),
      ),
      http.get(`${baseUrl}/graph`, ({ request }) =>
        HttpResponse.json({
          stage: new URL(request.url).searchParams.get('stage'),
          nodes: [],
          edges: [],
        }),
      ),
    );
    return asked;
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

  const rehearseButton = (lane: HTMLElement) =>
    within(lane).getByRole('button', { name: 'Rehearse rollback' });

  it('says when and how fast the rollback was rehearsed, and that the last stage needs it', async () => {
    serve({ rehearsal: rehearsal() });
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    const line = within(staging).getByTestId('rehearsal-staging');
    expect(line).toHaveTextContent(
      /^Rollback rehearsed 2 days ago in staging, 1 min 40 s$/,
    );
    expect(line).not.toHaveStyle({ color: '#f44336' });
    expect(
      within(staging).queryByTestId('rehearsal-required-staging'),
    ).not.toBeInTheDocument();

    const prod = screen.getByTestId('stage-lane-prod');
    expect(
      within(prod).getByTestId('rehearsal-required-prod'),
    ).toHaveTextContent('Needs a rehearsed rollback');
    // Nothing is rehearsed in the last stage.
    expect(
      within(prod).queryByRole('button', { name: 'Rehearse rollback' }),
    ).not.toBeInTheDocument();
    expect(
      within(prod).queryByTestId('rehearsal-prod'),
    ).not.toBeInTheDocument();
  });

  it('says in seconds how fast a quick rollback was', async () => {
    serve({ rehearsal: rehearsal({ rollbackMs: 45_000 }) });
    await renderTab();

    expect(await screen.findByTestId('rehearsal-staging')).toHaveTextContent(
      /, 45 s$/,
    );
  });

  it.each([
    ['deploy', 'deploying'],
    ['rollback', 'rolling back to 1.3.2'],
    ['redeploy', 'deploying again'],
  ] as const)(
    'follows a running rehearsal in its %s phase, with the button disabled',
    async (phase, words) => {
      serve({
        rehearsal: rehearsal({
          phase,
          state: 'running',
          rollbackMs: undefined,
          finishedAt: undefined,
        }),
      });
      await renderTab();

      const staging = await screen.findByTestId('stage-lane-staging');
      expect(
        within(staging).getByTestId('rehearsal-staging'),
      ).toHaveTextContent(`Rehearsing the rollback of 1.4.0: ${words}…`);
      const button = rehearseButton(staging);
      expect(button).toBeDisabled();
      expect(button.parentElement).toHaveAttribute(
        'title',
        'The rollback of 1.4.0 is being rehearsed',
      );
    },
  );

  it('shows why a rehearsal failed in the error colour', async () => {
    serve({
      rehearsal: rehearsal({
        phase: 'rollback',
        state: 'failed',
        rollbackMs: undefined,
        reason: 'Rolling back to 1.3.2 failed: image not found',
      }),
    });
    await renderTab();

    const line = await screen.findByTestId('rehearsal-staging');
    expect(line).toHaveTextContent(
      'Rollback rehearsal of 1.4.0 failed: Rolling back to 1.3.2 failed: image not found',
    );
    // The default light theme's palette.error.main.
    expect(line).toHaveStyle({ color: '#f44336' });
  });

  it('starts a rehearsal after confirmation and refreshes the tab', async () => {
    const asked = serve(
      {},
      { rehearsal: rehearsal({ phase: 'deploy', state: 'running' }) },
    );
    const posted: unknown[] = [];
    server.use(
      http.post(`${baseUrl}/rehearsals`, async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(
          rehearsal({ phase: 'deploy', state: 'running' }),
          { status: 201 },
        );
      }),
    );
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    expect(
      within(staging).queryByTestId('rehearsal-staging'),
    ).not.toBeInTheDocument();
    const button = rehearseButton(staging);
    await waitFor(() => expect(button).toBeEnabled());
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Rehearse the rollback of 1.4.0 in Staging',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rehearse' }));

    await waitFor(() =>
      expect(posted).toEqual([
        { service: 'component:default/payments', stage: 'staging' },
      ]),
    );
    expect(
      await within(staging).findByText(
        'Rehearsing the rollback of 1.4.0: deploying…',
      ),
    ).toBeInTheDocument();
    expect(asked.pipeline).toBe(2);
  });

  it('shows the reason the backend refuses a rehearsal', async () => {
    serve({});
    server.use(
      http.post(`${baseUrl}/rehearsals`, () =>
        errorResponse(
          409,
          'ConflictError',
          'staging ran nothing before 1.4.0, so there is nothing to roll back to',
        ),
      ),
    );
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    const button = rehearseButton(staging);
    await waitFor(() => expect(button).toBeEnabled());
    fireEvent.click(button);
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Rehearse',
      }),
    );

    expect(
      await within(staging).findByTestId('rehearsal-error-staging'),
    ).toHaveTextContent(
      'staging ran nothing before 1.4.0, so there is nothing to roll back to',
    );
    await waitFor(() => expect(button).toBeEnabled());
  });

  it('disables the button for someone who may promote but not roll back', async () => {
    serve({});
    await renderTab({
      permission: request =>
        request.permission.name === releaseTrainsRollbackPermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });

    const staging = await screen.findByTestId('stage-lane-staging');
    await waitFor(() =>
      expect(rehearseButton(staging).parentElement).toHaveAttribute(
        'title',
        'Rehearsing a rollback needs the permission to promote and to roll back this service',
      ),
    );
    expect(rehearseButton(staging)).toBeDisabled();
  });

  it('offers no rehearsal in a stage that runs nothing', async () => {
    serve({ current: undefined });
    await renderTab();

    const staging = await screen.findByTestId('stage-lane-staging');
    expect(
      within(staging).getByText('Nothing deployed yet'),
    ).toBeInTheDocument();
    expect(
      within(staging).queryByRole('button', { name: 'Rehearse rollback' }),
    ).not.toBeInTheDocument();
  });
});
