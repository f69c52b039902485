import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  doraFigures,
  doraReport,
  doraTeamsReport,
  sparseDoraFigures,
} from '../../__testUtils__/doraReport';
import {
  complianceReport,
  lagReport,
} from '../../__testUtils__/insightsReports';
import { linkOf } from '../../__testUtils__/links';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { InsightsPage } from './InsightsPage';

const DAY_MS = 24 * 3_600_000;

// The whole page renders, with MUI selects opened: slow on a busy machine.
jest.setTimeout(15_000);

describe('InsightsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let queries: Record<string, string>[];
  let complianceQueries: Record<string, string>[];
  let teamQueries: Record<string, string>[];

  const answer = (body: (query: Record<string, string>) => unknown) => {
    queries = [];
    complianceQueries = [];
    teamQueries = [];
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
      http.get(`${baseUrl}/insights/dora/teams`, ({ request }) => {
        teamQueries.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(doraTeamsReport());
      }),
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

  it('shows the figures and trends of the service the URL names, linked to its deployments', async () => {
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
    const report = doraReport();
    expect(
      linkOf(
        screen.getByRole('link', {
          name: 'Deployments behind the deployment frequency',
        }),
      ),
    ).toEqual({
      path: '/release-trains/insights/deployments',
      query: {
        service: 'component:default/payments',
        lastStage: 'true',
        outcome: 'ran',
        finishedFrom: report.from,
        finishedTo: report.to,
      },
    });

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
    // One service has no teams to compare.
    expect(screen.queryByRole('table', { name: 'Teams compared' })).toBeNull();
    expect(teamQueries).toEqual([]);
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
    // The organisation's teams side by side, over the same period.
    expect(
      await screen.findByRole('table', { name: 'Teams compared' }),
    ).toBeInTheDocument();
    expect(teamQueries[0].system).toBeUndefined();
    expect(periodDays(teamQueries[0])).toBe(90);
    // The organisation's failures: into each service's last stage.
    expect(
      linkOf(
        screen.getByRole('link', {
          name: 'Deployments behind the change fail rate',
        }),
      ).query,
    ).toEqual({
      lastStage: 'true',
      outcome: 'failure',
      finishedFrom: expect.any(String),
      finishedTo: expect.any(String),
    });
    expect(
      linkOf(
        screen.getByRole('link', {
          name: 'Deployments behind the rework rate',
        }),
      ).query,
    ).not.toHaveProperty('outcome');

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
    // An owner is one team: nothing to compare.
    expect(screen.queryByRole('table', { name: 'Teams compared' })).toBeNull();
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
