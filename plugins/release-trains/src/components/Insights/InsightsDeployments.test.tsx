import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Deployment } from '@release-trains/plugin-release-trains-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { InsightsPage } from './InsightsPage';

const failed = (service: string, version: string): Deployment => ({
  id: `${service}-${version}`,
  service: `component:default/${service}`,
  stage: 'prod',
  version,
  kind: 'promote',
  state: 'failed',
  createdBy: 'user:default/ana.lima',
  createdAt: '2026-11-20T10:00:00.000Z',
});

// The whole page renders, with MUI selects opened: slow on a busy machine.
jest.setTimeout(15_000);

describe('InsightsPage, the deployments behind a figure', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let asked: Record<string, string>[];

  beforeEach(() => {
    asked = [];
    server.use(
      http.get(`${baseUrl}/pipelines`, () =>
        HttpResponse.json({
          items: [
            {
              name: 'default',
              stages: [
                { name: 'dev', title: 'Dev' },
                { name: 'prod', title: 'Production' },
              ],
            },
          ],
        }),
      ),
    );
  });

  const answer = (pages: (query: Record<string, string>) => unknown) =>
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        asked.push(query);
        return HttpResponse.json(pages(query) as any);
      }),
    );

  it('lists the scope’s deployments the URL names, with their service, a page at a time', async () => {
    answer(query =>
      query.cursor
        ? { items: [failed('cart', '2.0.0')] }
        : { items: [failed('payments', '1.4.2')], nextCursor: 'next' },
    );
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: [
        '/deployments?owner=group:default/team-a&lastStage=true&outcome=failure&finishedFrom=2026-11-01T00:00:00.000Z&finishedTo=2026-11-23T00:00:00.000Z',
      ],
    });

    // The service as the catalog names it, linking to its page.
    expect(
      await screen.findByRole('link', { name: /payments/ }),
    ).toHaveAttribute('href', expect.stringContaining('/payments'));
    expect(
      screen.getByText(
        /^Services of group:default\/team-a, into each one’s last stage, that failed or were rolled back, finished from/,
      ),
    ).toBeInTheDocument();
    expect(asked[0]).toEqual({
      owner: 'group:default/team-a',
      lastStage: 'true',
      outcome: 'failure',
      finishedFrom: '2026-11-01T00:00:00.000Z',
      finishedTo: '2026-11-23T00:00:00.000Z',
      limit: '20',
    });
    expect(
      screen.getByRole('link', { name: 'Back to the insights' }),
    ).toHaveAttribute(
      'href',
      '/release-trains/insights?owner=group%3Adefault%2Fteam-a',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('link', { name: /cart/ })).toHaveAttribute(
      'href',
      expect.stringContaining('/cart'),
    );
    expect(asked[asked.length - 1]).toMatchObject({ cursor: 'next' });

    // Another filter: the first page again, the stage chosen instead.
    fireEvent.mouseDown(
      screen
        .getAllByRole('button', { name: 'Stage' })
        .find(button => button.getAttribute('aria-haspopup') === 'listbox')!,
    );
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('dev'),
    );
    await waitFor(() =>
      expect(asked[asked.length - 1]).toEqual({
        owner: 'group:default/team-a',
        stage: 'dev',
        outcome: 'failure',
        finishedFrom: '2026-11-01T00:00:00.000Z',
        finishedTo: '2026-11-23T00:00:00.000Z',
        limit: '20',
      }),
    );
  });

  it('keeps the person the URL names, and asks for their deployments only', async () => {
    answer(() => ({ items: [failed('payments', '1.4.2')] }));
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: ['/deployments?createdBy=user:default/ana.lima'],
    });

    expect(
      await screen.findByRole('link', { name: /payments/ }),
    ).toBeInTheDocument();
    expect(asked[0]).toEqual({
      createdBy: 'user:default/ana.lima',
      limit: '20',
    });
  });

  it('says so when no deployment matches', async () => {
    answer(() => ({ items: [] }));
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: [
        '/deployments?system=shop&ungated=true&from=2026-11-01T00:00:00.000Z',
      ],
    });
    expect(await screen.findByText('No deployments match')).toBeInTheDocument();
    expect(
      screen.getByText(/^Services in shop, ungated, created from/),
    ).toBeInTheDocument();
    expect(asked[0]).toEqual({
      system: 'shop',
      ungated: 'true',
      from: '2026-11-01T00:00:00.000Z',
      limit: '20',
    });
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        errorResponse(404, 'NotFoundError', 'No service component:default/x'),
      ),
    );
    await renderWithReleaseTrainsApi(<InsightsPage />, {
      routeEntries: ['/deployments?service=component:default/x'],
    });
    expect(
      (await screen.findAllByText(/No service component:default\/x/)).length,
    ).toBeGreaterThan(0);
  });
});
