import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  caughtUpLagReport,
  lagReport,
} from '../../__testUtils__/insightsReports';
import { linkOf } from '../../__testUtils__/links';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { LagTable } from './LagTable';

describe('LagTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists the pairs with something waiting, the longest waiting first', async () => {
    let asked: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/insights/lag`, ({ request }) => {
        asked = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json(lagReport);
      }),
    );
    await renderWithReleaseTrainsApi(
      <LagTable scope={{ owner: 'group:default/team-a' }} showService />,
    );
    const table = await screen.findByRole('table', {
      name: 'Where changes wait',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // Caught-up pairs are left out; payments' change has waited longest.
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('component:default/payments');
    expect(within(rows[0]).getByText('staging → prod')).toBeInTheDocument();
    expect(within(rows[0]).getByText('3')).toBeInTheDocument();
    expect(within(rows[0]).getByText('5')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        'PR #123 Retry declines by ana, waiting 9 days',
      ),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('4 weeks: 0 1 3 5')).toBeInTheDocument();
    // What waits is what ran upstream.
    expect(
      linkOf(
        within(rows[0]).getByRole('link', {
          // Named by what it shows first.
          name: /^staging → \w+: deployments into staging of component:default\/payments$/,
        }),
      ),
    ).toEqual({
      path: '/release-trains/insights/deployments',
      query: {
        service: 'component:default/payments',
        stage: 'staging',
        outcome: 'ran',
      },
    });

    expect(rows[1]).toHaveTextContent('component:default/search');
    expect(within(rows[1]).getByText('dev → staging')).toBeInTheDocument();
    // No PR number when the change has none.
    expect(
      within(rows[1]).getByText('Tune ranking by bo, waiting 5 hours'),
    ).toBeInTheDocument();
    expect(asked).toEqual({ owner: 'group:default/team-a' });
  });

  it('leaves the service out for a single service', async () => {
    server.use(
      http.get(`${baseUrl}/insights/lag`, () => HttpResponse.json(lagReport)),
    );
    await renderWithReleaseTrainsApi(
      <LagTable scope={{ service: 'component:default/payments' }} />,
    );
    const table = await screen.findByRole('table', {
      name: 'Where changes wait',
    });
    expect(within(table).queryByText('Service')).toBeNull();
    expect(within(table).queryByText(/component:default/)).toBeNull();
  });

  it('says so when nothing waits', async () => {
    server.use(
      http.get(`${baseUrl}/insights/lag`, () =>
        HttpResponse.json(caughtUpLagReport),
      ),
    );
    await renderWithReleaseTrainsApi(
      <LagTable scope={{ service: 'component:default/payments' }} />,
    );
    expect(
      await screen.findByText('Nothing waits between stages'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/lag`, () =>
        errorResponse(500, 'Error', 'The ledger is unreachable'),
      ),
    );
    await renderWithReleaseTrainsApi(
      <LagTable scope={{ service: 'component:default/payments' }} />,
    );
    expect(
      (await screen.findAllByText(/The ledger is unreachable/))[0],
    ).toBeInTheDocument();
  });
});
