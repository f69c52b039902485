import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { DeploymentHistory } from './DeploymentHistory';

const deployment = (version: string, stage = 'prod') => ({
  id: `d-${version}`,
  service: 'component:default/payments',
  stage,
  version,
  kind: 'promote',
  state: 'succeeded',
  createdBy: 'user:default/ana.lima',
  createdAt: '2026-11-20T10:00:00.000Z',
});

// The first render of the table is slow, more so beside other suites.
jest.setTimeout(15_000);

describe('DeploymentHistory', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderHistory = () =>
    renderWithReleaseTrainsApi(
      <DeploymentHistory
        service="component:default/payments"
        stages={['dev', 'staging', 'prod']}
      />,
    );

  it('pages through the history with the cursor the backend gives', async () => {
    const asked: Record<string, string>[] = [];
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        asked.push(query);
        return HttpResponse.json(
          query.cursor === 'page-2'
            ? { items: [deployment('1.0.0')] }
            : {
                items: [deployment('1.2.0'), deployment('1.1.0')],
                nextCursor: 'page-2',
              },
        );
      }),
    );
    await renderHistory();

    expect(await screen.findByText('1.2.0')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));

    expect(await screen.findByText('1.0.0')).toBeInTheDocument();
    expect(screen.queryByText('1.2.0')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    expect(asked[0]).toEqual({
      service: 'component:default/payments',
      limit: '20',
    });
    expect(asked[1]).toMatchObject({ cursor: 'page-2' });
  });

  it('filters by state and says when nothing matches', async () => {
    let lastQuery: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        lastQuery = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: lastQuery.state ? [] : [deployment('1.2.0')],
        });
      }),
    );
    await renderHistory();
    expect(await screen.findByText('1.2.0')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('State'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );

    expect(await screen.findByText('No deployments match')).toBeInTheDocument();
    await waitFor(() => expect(lastQuery.state).toBe('failed'));
  });

  it('marks ungated deployments, with the stage’s title in the explanation', async () => {
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json({
          items: [
            { ...deployment('1.3.0'), kind: 'deploy', ungated: true },
            deployment('1.2.0'),
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <DeploymentHistory
        service="component:default/payments"
        stages={['staging', 'prod']}
        stageTitles={{ staging: 'Staging', prod: 'Production' }}
      />,
    );

    const ungatedRow = (await screen.findByText('1.3.0')).closest('tr')!;
    const chip = within(ungatedRow).getByText('Ungated');
    expect(within(ungatedRow).getByText('deploy')).toBeInTheDocument();
    const gatedRow = screen.getByText('1.2.0').closest('tr')!;
    expect(within(gatedRow).queryByText('Ungated')).not.toBeInTheDocument();
    expect(screen.getAllByText('Ungated')).toHaveLength(1);

    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Recorded without passing the Production gate: by hand or reported by CI',
    );
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        errorResponse(
          400,
          'InputError',
          'cursor: not a cursor this API returned',
        ),
      ),
    );
    await renderHistory();
    expect(
      (await screen.findAllByText(/not a cursor this API returned/)).length,
    ).toBeGreaterThan(0);
  });
});
