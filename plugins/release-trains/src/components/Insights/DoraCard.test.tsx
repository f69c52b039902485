import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { doraReport, sparseDoraFigures } from '../../__testUtils__/doraReport';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { DoraCard } from './DoraCard';

const payments = 'component:default/payments';

describe('DoraCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the service’s five figures of the last 90 days and links to Insights', async () => {
    const queries: Record<string, string>[] = [];
    server.use(
      http.get(`${baseUrl}/insights/dora`, ({ request }) => {
        queries.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(doraReport());
      }),
    );
    await renderWithReleaseTrainsApi(<DoraCard service={payments} />);

    const frequency = await screen.findByRole('region', {
      name: 'Deployment frequency',
    });
    expect(within(frequency).getByText('3.3 per week')).toBeInTheDocument();
    expect(within(frequency).getByText('High')).toBeInTheDocument();
    expect(
      within(frequency).getByText('from 42 deployments'),
    ).toBeInTheDocument();
    const lead = screen.getByRole('region', { name: 'Change lead time' });
    expect(within(lead).getByText('1 day, 2 hours')).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Rework rate' })).getByText(
        '7.1 %',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('DORA metrics of the last 90 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /More in Insights/ }),
    ).toHaveAttribute(
      'href',
      `/release-trains/insights?service=${encodeURIComponent(payments)}`,
    );
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ service: payments });
    expect(
      Math.round(
        (Date.parse(queries[0].to) - Date.parse(queries[0].from)) / 86_400_000,
      ),
    ).toBe(90);
  });

  it('says "Not enough data" for figures with too few samples', async () => {
    server.use(
      http.get(`${baseUrl}/insights/dora`, () =>
        HttpResponse.json(doraReport(sparseDoraFigures)),
      ),
    );
    await renderWithReleaseTrainsApi(<DoraCard service={payments} />);
    expect(await screen.findAllByText('Not enough data')).toHaveLength(4);
    expect(screen.getByText('1 per month')).toBeInTheDocument();
    expect(screen.getByText('from 1 recovery')).toBeInTheDocument();
  });

  it('says so when the service has no figures', async () => {
    server.use(
      http.get(`${baseUrl}/insights/dora`, () =>
        HttpResponse.json(doraReport(sparseDoraFigures, { serviceCount: 0 })),
      ),
    );
    await renderWithReleaseTrainsApi(<DoraCard service={payments} />);
    expect(
      await screen.findByText('No delivery figures for this service yet.'),
    ).toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/dora`, () =>
        errorResponse(500, 'Error', 'The ledger is unavailable'),
      ),
    );
    await renderWithReleaseTrainsApi(<DoraCard service={payments} />);
    expect(
      (await screen.findAllByText(/The ledger is unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
