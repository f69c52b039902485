import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  catalogUser,
  errorResponse,
  payments,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { DeploymentHistory } from './DeploymentHistory';
import { STATE_COLOURS } from './DeploymentStateChip';

/** WCAG contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string) {
  const luminance = (hex: string) => {
    const [r, g, b2] = [1, 3, 5].map(i => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

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

  it('names people as the catalog does, shows the state as a chip that names it and the reason apart', async () => {
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json({
          items: [
            {
              ...deployment('1.3.0'),
              state: 'failed',
              reason: 'Health check timed out',
              createdBy: 'user:default/dana.kowalski',
            },
            { ...deployment('1.2.0'), createdBy: 'plugin:scaffolder' },
            deployment('1.1.0'),
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <DeploymentHistory scope={{}} stages={['dev', 'staging', 'prod']} />,
      {
        entities: [
          catalogUser('ana.lima', 'Ana Lima'),
          {
            ...payments,
            metadata: { ...payments.metadata, title: 'Payments' },
          },
        ],
      },
    );

    const failedRow = (await screen.findByText('1.3.0')).closest('tr')!;
    const cells = within(failedRow).getAllByRole('cell');
    const chip = within(failedRow).getByTestId('state-failed');
    expect(chip).toHaveTextContent(/^failed$/);
    expect(chip).toHaveStyle({
      backgroundColor: STATE_COLOURS.failed[0],
      color: STATE_COLOURS.failed[1],
    });
    // The reason has a cell of its own, not the state's.
    expect(
      cells.find(cell => cell.textContent === 'Health check timed out'),
    ).toBeDefined();
    // Dana is not in the catalog: her name, from the ref, still a link.
    expect(
      within(failedRow).getByRole('link', { name: 'dana.kowalski' }),
    ).toHaveAttribute('href', '/catalog/default/user/dana.kowalski');
    expect(
      within(failedRow).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');

    const anasRow = screen.getByText('1.1.0').closest('tr')!;
    expect(
      within(anasRow).getByRole('link', { name: 'Ana Lima' }),
    ).toHaveAttribute('href', '/catalog/default/user/ana.lima');
    // A caller that is no entity stays text.
    const scaffolderRow = screen.getByText('1.2.0').closest('tr')!;
    expect(scaffolderRow).toHaveTextContent('plugin:scaffolder');
    expect(within(scaffolderRow).getAllByRole('link')).toHaveLength(1);

    const table = screen.getByRole('table');
    expect(table).not.toHaveTextContent(/user:default\//);
    expect(table).not.toHaveTextContent(/component:default\//);
  });

  it.each(Object.entries(STATE_COLOURS))(
    'gives the %s chip a contrast of at least 4.5:1',
    (_, [light, dark]) => {
      expect(contrast(light, dark)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('filters by who deployed, from the catalog’s people', async () => {
    const asked: Record<string, string>[] = [];
    const ana = 'user:default/ana.lima';
    const dana = 'user:default/dana.kowalski';
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        asked.push(query);
        const all = [
          { ...deployment('1.3.0'), createdBy: dana },
          { ...deployment('1.2.0'), createdBy: ana },
          { ...deployment('1.1.0'), createdBy: dana },
        ];
        return HttpResponse.json({
          items: all.filter(
            d => !query.createdBy || d.createdBy === query.createdBy,
          ),
        });
      }),
    );
    await renderWithReleaseTrainsApi(
      <DeploymentHistory
        service="component:default/payments"
        stages={['dev', 'staging', 'prod']}
      />,
      {
        entities: [
          catalogUser('ana.lima', 'Ana Lima'),
          catalogUser('dana.kowalski', 'Dana Kowalski'),
        ],
      },
    );
    expect(await screen.findByText('1.2.0')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Deployed by'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Dana Kowalski' }),
    );

    await waitFor(() =>
      expect(screen.queryByText('1.2.0')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('1.3.0')).toBeInTheDocument();
    expect(screen.getByText('1.1.0')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Dana Kowalski' })).toHaveLength(
      2,
    );
    expect(asked.at(-1)).toEqual({
      service: 'component:default/payments',
      createdBy: dana,
      limit: '20',
    });
    expect(screen.getByLabelText('Deployed by')).toHaveTextContent(
      'Dana Kowalski',
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
