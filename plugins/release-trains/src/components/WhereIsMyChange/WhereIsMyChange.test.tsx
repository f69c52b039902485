import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
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
import { toChangeQuery, WhereIsMyChange } from './WhereIsMyChange';

const found = {
  service: 'component:default/payments',
  change: {
    commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    prNumber: 412,
    title: 'Retry card declines once',
    author: 'ana.lima',
    issueKeys: ['PAY-77'],
  },
  version: '1.5.0',
  stages: [
    {
      stage: 'dev',
      title: 'Dev',
      contains: true,
      since: new Date().toISOString(),
      runningVersion: '1.5.0',
    },
    { stage: 'prod', title: 'Prod', contains: false, runningVersion: '1.4.0' },
  ],
};

describe('WhereIsMyChange', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderSearch = (service?: string) =>
    renderWithReleaseTrainsApi(<WhereIsMyChange service={service} />);

  async function searchFor(text: string) {
    await userEvent.type(screen.getByLabelText('Change to find'), text);
    await userEvent.click(screen.getByRole('button', { name: 'Find' }));
  }

  it('shows where a change found by SHA runs, linking to the Release tab', async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/changes`, ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [found] });
      }),
    );
    await renderSearch('component:default/payments');

    await searchFor('a1b2c3d');

    const result = await screen.findByTestId('change-result');
    expect(
      within(result).getByText(/Retry card declines once \(#412\)/),
    ).toBeInTheDocument();
    expect(within(result).getByText(/in version 1.5.0/)).toBeInTheDocument();
    expect(within(result).getByText(/Dev: live since/)).toBeInTheDocument();
    expect(within(result).getByText('Prod: not yet')).toBeInTheDocument();
    expect(
      within(result).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/release');
    expect(Object.fromEntries(asked!)).toEqual({
      sha: 'a1b2c3d',
      service: 'component:default/payments',
    });
  });

  it('names the service and an author given as an entity ref as the catalog does', async () => {
    server.use(
      http.get(`${baseUrl}/changes`, () =>
        HttpResponse.json({
          items: [
            {
              ...found,
              change: { ...found.change, author: 'user:default/ana.lima' },
            },
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(<WhereIsMyChange />, {
      entities: [
        { ...payments, metadata: { ...payments.metadata, title: 'Payments' } },
        catalogUser('ana.lima', 'Ana Lima'),
      ],
    });

    await searchFor('a1b2c3d');

    const result = await screen.findByTestId('change-result');
    expect(
      within(result).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/release');
    expect(
      within(result).getByRole('link', { name: 'Ana Lima' }),
    ).toHaveAttribute('href', '/catalog/default/user/ana.lima');
    expect(result).toHaveTextContent('a1b2c3d by Ana Lima');
    expect(result).not.toHaveTextContent(/user:default\//);
  });

  it('shows an author given as a git login as it is', async () => {
    server.use(
      http.get(`${baseUrl}/changes`, () =>
        HttpResponse.json({ items: [found] }),
      ),
    );
    await renderWithReleaseTrainsApi(<WhereIsMyChange />, {
      entities: [catalogUser('ana.lima', 'Ana Lima')],
    });

    await searchFor('a1b2c3d');

    const result = await screen.findByTestId('change-result');
    expect(result).toHaveTextContent('a1b2c3d by ana.lima');
    expect(
      within(result).queryByRole('link', { name: /ana/i }),
    ).not.toBeInTheDocument();
  });

  it('tells which train carries a change on and when it should arrive', async () => {
    const inHours = (hours: number) =>
      new Date(Date.now() + hours * 3_600_000 + 60_000).toISOString();
    server.use(
      http.get(`${baseUrl}/changes`, () =>
        HttpResponse.json({
          items: [
            {
              ...found,
              train: {
                name: 'express',
                title: 'Express',
                departsAt: inHours(2),
                cutoffAt: inHours(1),
              },
              stages: [
                found.stages[0],
                { ...found.stages[1], expectedAt: inHours(4) },
              ],
            },
          ],
        }),
      ),
    );
    await renderSearch();

    await searchFor('a1b2c3d');

    const result = await screen.findByTestId('change-result');
    expect(within(result).getByTestId('change-train')).toHaveTextContent(
      /^Rides the Express train departing in 2 hours/,
    );
    expect(
      within(result).getByText('Prod: not yet, expected in 4 hours'),
    ).toBeInTheDocument();
  });

  it('says so when no change matches', async () => {
    server.use(
      http.get(`${baseUrl}/changes`, () => HttpResponse.json({ items: [] })),
    );
    await renderSearch();

    await searchFor('fffffff');

    expect(await screen.findByText('No change matches')).toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/changes`, () =>
        errorResponse(
          400,
          'InputError',
          'request/query/sha must NOT have fewer than 7 characters',
        ),
      ),
    );
    await renderSearch();

    await searchFor('abc');

    expect(
      (await screen.findAllByText(/must NOT have fewer than 7 characters/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('turns what was typed into a query', () => {
    expect(toChangeQuery('pr', ' #412 ')).toEqual({ pr: 412 });
    expect(toChangeQuery('issue', 'PAY-77')).toEqual({ issue: 'PAY-77' });
  });
});
