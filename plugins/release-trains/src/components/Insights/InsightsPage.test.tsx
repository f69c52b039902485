import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  doraFigures,
  doraReport,
  sparseDoraFigures,
} from '../../__testUtils__/doraReport';
import {
  complianceReport,
  lagReport,
} from '../../__testUtils__/insightsReports';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { InsightsPage } from './InsightsPage';

const DAY_MS = 24 * 3_600_000;

describe('InsightsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let queries: Record<string, string>[];
  let complianceQueries: Record<string, string>[];

  const answer = (body: (query: Record<string, string>) => unknown) => {
    queries = [];
    complianceQueries = [];
    server.use(
      http.get(`${baseUrl}/insights/dora`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        queries.push(query);
        return HttpResponse.json(body(query) as any);
      }),
      http.get(`${baseUrl}/insights/drift`, () =>
        HttpResponse.json({ scope: {}, serviceCount: 1, findings: [] }),
      ),
      http.get(`${baseUrl}/insights/lag`, () => HttpResponse.json(lagReport)),
      http.get(`${baseUrl}/insights/compliance`, ({ request }) => {
        complianceQueries.push(
          Object.fromEntries(new URL(request.url).searchParams),
        );
        return HttpResponse.json(complianceReport);
      }),
    );
  };
  const periodDays = (query: Record<string, string>) =>
    Math.round((Date.parse(query.to) - Date.parse(query.from)) / DAY_MS);

  it('shows the figures and trends of the service the URL names, linked to its deploy history', async () => {
    answer(() => doraReport());
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: [
        '/?service=component:default/payments&range=30&bucket=week',
      ],
    });

    const failRate = await screen.findByRole('region', {
      name: 'Change fail rate',
    });
    expect(within(failRate).getByText('12.5 %')).toBeInTheDocument();
    expect(within(failRate).getByText('Medium')).toBeInTheDocument();
    expect(
      within(failRate).getByText('from 40 deployments'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Recovery time' })).getByText(
        'Elite',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Over the last 30 days')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'Deploy history behind the deployment frequency',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/release');

    expect(
      screen.getByRole('img', {
        name: 'Deployments per week: 3 weeks: from 3 to 42 deployments, latest 42 deployments; elite: 7 or more a week.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Change fail rate (%): 3 weeks: from 12.5 to 12.5 %, latest 12.5 %, 1 week without enough data; elite: 5 % or less.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /^Median lead time \(hours\): 3 weeks/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /^Median recovery time \(hours\)/ }),
    ).toBeInTheDocument();

    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({
      service: 'component:default/payments',
      bucket: 'week',
    });
    expect(queries[0].owner).toBeUndefined();
    expect(periodDays(queries[0])).toBe(30);

    // Below the trends: what waits, and gate compliance over the same period.
    expect(
      await screen.findByText('PR #123 Retry declines by ana, waiting 9 days'),
    ).toBeInTheDocument();
    expect(screen.getByText('Where changes wait')).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Gate compliance' }),
    ).toBeInTheDocument();
    expect(complianceQueries[0]).toMatchObject({
      service: 'component:default/payments',
    });
    expect(periodDays(complianceQueries[0])).toBe(30);
  });

  it('asks again as the filters change, and keeps them in the URL', async () => {
    answer(query =>
      doraReport(doraFigures, {
        scope: { owner: query.owner },
        serviceCount: 4,
      }),
    );
    await renderWithReleaseTrainsApi(<InsightsPage />);
    expect(
      await screen.findByText('Over the last 90 days'),
    ).toBeInTheDocument();
    expect(queries[0]).toMatchObject({ bucket: 'week' });
    expect(periodDays(queries[0])).toBe(90);
    // Several services: no single deploy history to link to.
    expect(screen.queryByRole('link', { name: /Deploy history/ })).toBeNull();

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Owner' }),
      'group:default/team-a{Enter}',
    );
    await waitFor(() =>
      expect(queries[queries.length - 1]).toMatchObject({
        owner: 'group:default/team-a',
      }),
    );

    fireEvent.mouseDown(screen.getByRole('button', { name: /Period/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Last 180 days' }),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Group by/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'month' }));
    await waitFor(() =>
      expect(queries[queries.length - 1]).toMatchObject({
        owner: 'group:default/team-a',
        bucket: 'month',
      }),
    );
    expect(periodDays(queries[queries.length - 1])).toBe(180);
    expect(
      await screen.findByText('Over the last 180 days'),
    ).toBeInTheDocument();
  });

  it('says so when no service is in scope', async () => {
    answer(() =>
      doraReport(sparseDoraFigures, {
        scope: { system: 'system:default/nothing' },
        serviceCount: 0,
        buckets: [],
      }),
    );
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: ['/?system=system:default/nothing'],
    });
    expect(await screen.findByText('No services in scope')).toBeInTheDocument();
    expect(queries[0]).toMatchObject({ system: 'system:default/nothing' });
    expect(screen.getByRole('textbox', { name: 'System' })).toHaveValue(
      'system:default/nothing',
    );
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/dora`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'No service component:default/nope',
        ),
      ),
    );
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: ['/?service=component:default/nope'],
    });
    expect(
      (await screen.findAllByText(/No service component:default\/nope/)).length,
    ).toBeGreaterThan(0);
  });
});
