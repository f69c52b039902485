import { registerMswTestHooks } from '@backstage/test-utils';
import {
  Rollout,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  deployed,
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { RolloutPanel } from './RolloutPanel';

const service = 'component:default/payments';

/** 1.5.0 on its way into prod, replacing 1.4.1. */
const stepping: StageStatus = {
  stage: 'prod',
  title: 'Prod',
  current: deployed('1.4.1'),
  inFlight: {
    id: 'd-1.5.0',
    version: '1.5.0',
    kind: 'promote',
    state: 'in-progress',
    createdAt: '2026-12-08T10:00:00.000Z',
  },
  waiting: [],
};

const canary: Rollout = {
  deploymentId: 'd-1.5.0',
  strategy: 'canary',
  runsAs: 'canary',
  baselineVersion: '1.4.1',
  steps: [
    { kind: 'set-weight', weight: 10 },
    { kind: 'pause', seconds: 30 },
    { kind: 'analysis' },
    { kind: 'pause' },
    { kind: 'set-weight', weight: 100 },
  ],
  stepIndex: 3,
  weight: 10,
  phase: 'paused',
  pausedReason: 'Waiting for someone to look at the canary',
  checks: [
    { kind: 'error-rate', threshold: 1 },
    { kind: 'latency-p95', threshold: 500 },
  ],
  measurements: [],
};

/** Error rate measured twice; the second breaches the 1 pp limit. */
const aborted: Rollout = {
  ...canary,
  stepIndex: 2,
  phase: 'aborted',
  pausedReason: undefined,
  abortReason: 'error-rate: +2.1 pp over the baseline (limit 1 pp)',
  breachedAt: '2026-12-08T10:02:00.000Z',
  rollbackDeploymentId: 'd-rollback',
  rollbackStartedAt: '2026-12-08T10:02:42.000Z',
  breachToRollbackMs: 42_000,
  measurements: [
    ...(['10:01:00', '10:02:00'] as const).map((time, i) => ({
      stepIndex: 2,
      check: 'error-rate' as const,
      phase: i ? ('failed' as const) : ('successful' as const),
      canary: i ? 0.031 : 0.011,
      baseline: 0.01,
      value: i ? 2.1 : 0.1,
      threshold: 1,
      measuredAt: `2026-12-08T${time}.000Z`,
    })),
    {
      stepIndex: 2,
      check: 'latency-p95',
      phase: 'successful',
      canary: 320,
      baseline: 300,
      value: 20,
      threshold: 500,
      measuredAt: '2026-12-08T10:01:00.000Z',
    },
  ],
};

describe('RolloutPanel', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Serves `rollout` for its deployment; records the bodies posted. */
  function serve(rollout: Rollout) {
    const posted: { action: string; body: unknown }[] = [];
    server.use(
      http.get(`${baseUrl}/deployments/${rollout.deploymentId}/rollout`, () =>
        HttpResponse.json(rollout),
      ),
      http.post(
        `${baseUrl}/deployments/${rollout.deploymentId}/rollout/:action`,
        async ({ request, params }) => {
          posted.push({
            action: params.action as string,
            body: await request.json(),
          });
          return HttpResponse.json(rollout);
        },
      ),
    );
    return posted;
  }

  const renderPanel = (status: StageStatus, onChange = jest.fn()) =>
    renderWithReleaseTrainsApi(
      <RolloutPanel service={service} status={status} onChange={onChange} />,
    );

  it('shows a paused roll-out’s steps, traffic and reason, and resumes it', async () => {
    const posted = serve(canary);
    const onChange = jest.fn();
    await renderPanel(stepping, onChange);

    const panel = await screen.findByTestId('rollout-prod');
    expect(panel).toHaveTextContent('Canary roll-out of 1.5.0');
    expect(panel).toHaveTextContent('10 % of traffic on 1.5.0');
    expect(
      within(panel)
        .getAllByRole('listitem')
        .map(step => step.textContent),
    ).toEqual([
      'Set weight 10 % ✓',
      'Pause 30 s ✓',
      'Analysis ✓',
      'Pause until resumed ← now',
      'Set weight 100 %',
    ]);
    expect(within(panel).getByRole('status')).toHaveTextContent(
      'Paused: Waiting for someone to look at the canary',
    );
    // Not measured yet: a chart per check all the same.
    expect(within(panel).getAllByRole('img')).toHaveLength(2);

    await userEvent.click(
      within(panel).getByRole('button', { name: 'Resume' }),
    );

    expect(posted).toEqual([
      { action: 'resume', body: { reason: 'Resumed from the Release tab' } },
    ]);
    expect(onChange).toHaveBeenCalled();
  });

  it('asks for a reason before aborting, then aborts with it', async () => {
    const posted = serve(canary);
    await renderPanel(stepping);

    const panel = await screen.findByTestId('rollout-prod');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Abort and roll back' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('All traffic returns to 1.4.1');
    const confirm = within(dialog).getByRole('button', {
      name: 'Abort and roll back',
    });
    expect(confirm).toBeDisabled();

    await userEvent.type(
      within(dialog).getByRole('textbox'),
      'Checkout errors in the canary',
    );
    await userEvent.click(confirm);

    expect(posted).toEqual([
      { action: 'abort', body: { reason: 'Checkout errors in the canary' } },
    ]);
  });

  it('keeps an analysis abort visible while the stage is held: reason, time to rollback, a chart per check', async () => {
    serve({ ...aborted, deploymentId: 'd-1.5.0' });
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        expect(query.get('stage')).toBe('prod');
        expect(query.get('kind')).toBe('promote');
        return HttpResponse.json({
          items: [
            {
              ...stepping.inFlight,
              service,
              stage: 'prod',
              state: 'failed',
              createdBy: 'user:default/ana.lima',
            },
          ],
        });
      }),
    );
    await renderPanel({
      ...stepping,
      inFlight: undefined,
      hold: {
        by: 'release-trains',
        reason: 'Analysis failed',
        at: '2026-12-08T10:02:42.000Z',
      },
    });

    const panel = await screen.findByTestId('rollout-prod');
    expect(panel).toHaveTextContent(
      'Aborted: error-rate: +2.1 pp over the baseline (limit 1 pp)',
    );
    expect(within(panel).getByTestId('breach-to-rollback')).toHaveTextContent(
      'Rolled back 42 s after the breach (target: under 5 min)',
    );
    // Over: nothing to resume or abort.
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();

    const errorRate = within(panel).getByRole('img', {
      name: 'Error rate: +2.1 pp over baseline (limit 1 pp) — failed',
    });
    const points = within(errorRate).getAllByTestId('measurement');
    expect(
      points.map(p => [p.dataset.phase, p.dataset.value, p.dataset.canary]),
    ).toEqual([
      ['successful', '0.1', '0.011'],
      ['failed', '2.1', '0.031'],
    ]);
    expect(points[1].querySelector('rect')).not.toBeNull();
    expect(points[1].querySelector('title')).toHaveTextContent(
      'failed · +2.1 pp over baseline · canary 3.1 % · baseline 1 %',
    );
    expect(
      within(panel).getByRole('img', {
        name: 'p95 latency: +20 ms over baseline (limit 500 ms) — passing',
      }),
    ).toBeInTheDocument();
  });

  it('says so when the deployer runs a canary as rolling', async () => {
    serve({
      ...canary,
      runsAs: 'rolling',
      note: 'the webhook deployer cannot shift traffic',
      phase: 'stepping',
      stepIndex: 0,
      weight: 0,
    });
    await renderPanel(stepping);

    const panel = await screen.findByTestId('rollout-prod');
    expect(panel).toHaveTextContent(
      'Runs as rolling: the webhook deployer cannot shift traffic',
    );
    expect(within(panel).queryByText(/of traffic on/)).not.toBeInTheDocument();
  });

  it('shows nothing for a stage that rolls out all at once', async () => {
    server.use(
      http.get(`${baseUrl}/deployments/d-1.5.0/rollout`, () =>
        errorResponse(404, 'NotFoundError', 'No roll-out'),
      ),
    );
    const { container } = await renderPanel(stepping);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.queryByTestId('rollout-prod')).not.toBeInTheDocument();
    expect(container).not.toHaveTextContent('Could not load');
  });
});
