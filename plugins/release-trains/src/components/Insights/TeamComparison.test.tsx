import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { doraTeamsReport } from '../../__testUtils__/doraReport';
import { linkOf } from '../../__testUtils__/links';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { TeamComparison } from './TeamComparison';

const DAY_MS = 24 * 3_600_000;
const SHOP = 'system:default/shop';

describe('TeamComparison', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const answer = (body: unknown) => {
    const asked: Record<string, string>[] = [];
    server.use(
      http.get(`${baseUrl}/insights/dora/teams`, ({ request }) => {
        asked.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(body as any);
      }),
    );
    return asked;
  };
  const rows = async () => {
    const table = await screen.findByRole('table', { name: 'Teams compared' });
    return within(table).getAllByRole('row').slice(1);
  };

  it('shows each team’s figures with their bands and samples, linked to the deployments behind them', async () => {
    const asked = answer(doraTeamsReport());
    await renderWithReleaseTrainsApi(
      <TeamComparison system={SHOP} rangeDays={30} />,
      { routeEntries: [`/?system=${SHOP}&range=30&bucket=month`] },
    );
    const [ops, teamA, teamB] = await rows();

    expect(ops).toHaveTextContent('platform/ops');
    expect(within(ops).getByText('2 per day')).toBeInTheDocument();
    expect(within(ops).getByText('5 %')).toBeInTheDocument();
    expect(within(ops).getAllByText('Elite')).toHaveLength(3);

    expect(teamA).toHaveTextContent('team-a');
    expect(within(teamA).getByText('3')).toBeInTheDocument();
    expect(within(teamA).getByText('3.3 per week')).toBeInTheDocument();
    expect(within(teamA).getByText('42 deployments')).toBeInTheDocument();
    expect(within(teamA).getByText('1 day, 2 hours')).toBeInTheDocument();
    expect(
      within(teamA).getByText('120 changes from commit'),
    ).toBeInTheDocument();
    expect(within(teamA).getByText('12.5 %')).toBeInTheDocument();
    expect(within(teamA).getByText('Medium')).toBeInTheDocument();
    expect(within(teamA).getByText('5 of 40 deployments')).toBeInTheDocument();
    expect(within(teamA).getByText('45 minutes')).toBeInTheDocument();
    expect(within(teamA).getByText('5 recoveries')).toBeInTheDocument();
    expect(within(teamA).getByText('7.1 %')).toBeInTheDocument();

    // Below the minimum of samples: the counts, and no band.
    expect(within(teamB).getAllByText('Not enough data')).toHaveLength(4);
    expect(within(teamB).getByText('2 changes')).toBeInTheDocument();
    expect(within(teamB).getByText('1 of 3 deployments')).toBeInTheDocument();
    expect(within(teamB).getByText('1 recovery')).toBeInTheDocument();
    expect(within(teamB).queryByText('Medium')).toBeNull();
    expect(within(teamB).getByText('Low')).toBeInTheDocument();

    // The team leads to its own insights, the page's other filters kept.
    expect(linkOf(within(teamA).getByRole('link', { name: 'team-a' }))).toEqual(
      {
        path: '/release-trains/insights',
        query: {
          owner: 'group:default/team-a',
          system: SHOP,
          range: '30',
          bucket: 'month',
        },
      },
    );
    // Each figure to the team's deployments it counts, by when they finished.
    const { from, to } = doraTeamsReport();
    expect(
      linkOf(
        within(teamA).getByRole('link', {
          name: /^.+: deployments behind the change fail rate of team-a$/,
        }),
      ),
    ).toEqual({
      path: '/release-trains/insights/deployments',
      query: {
        owner: 'group:default/team-a',
        system: SHOP,
        lastStage: 'true',
        outcome: 'failure',
        finishedFrom: from,
        finishedTo: to,
      },
    });
    expect(
      linkOf(
        within(teamB).getByRole('link', {
          name: /^.+: deployments behind the deployment frequency of team-b$/,
        }),
      ).query,
    ).toMatchObject({ owner: 'group:default/team-b', outcome: 'ran' });
    expect(
      linkOf(
        within(teamB).getByRole('link', {
          name: /^.+: deployments behind the rework rate of team-b$/,
        }),
      ).query,
    ).not.toHaveProperty('outcome');

    expect(asked).toHaveLength(1);
    expect(asked[0].system).toBe(SHOP);
    expect(
      Math.round(
        (Date.parse(asked[0].to) - Date.parse(asked[0].from)) / DAY_MS,
      ),
    ).toBe(30);
  });

  it('sorts by a column, teams without the figure last', async () => {
    answer(doraTeamsReport());
    await renderWithReleaseTrainsApi(<TeamComparison rangeDays={90} />);
    const names = async () =>
      (await rows()).map(
        row => within(row).getAllByRole('cell')[0].textContent,
      );
    expect(await names()).toEqual(['platform/ops', 'team-a', 'team-b']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Change fail rate' }),
    );
    expect(await names()).toEqual(['platform/ops', 'team-a', 'team-b']);
    await userEvent.click(
      screen.getByRole('button', { name: 'Change fail rate' }),
    );
    expect(await names()).toEqual(['team-a', 'platform/ops', 'team-b']);

    await userEvent.click(screen.getByRole('button', { name: 'Services' }));
    expect(await names()).toEqual(['team-b', 'platform/ops', 'team-a']);
  });

  it('says so when no team owns a service in scope', async () => {
    answer(doraTeamsReport({ teams: [] }));
    await renderWithReleaseTrainsApi(
      <TeamComparison system="system:default/nothing" rangeDays={90} />,
    );
    expect(await screen.findByText('No teams in scope')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/dora/teams`, () =>
        errorResponse(500, 'Error', 'The ledger is unreachable'),
      ),
    );
    await renderWithReleaseTrainsApi(<TeamComparison rangeDays={90} />);
    expect(
      (await screen.findAllByText(/The ledger is unreachable/))[0],
    ).toBeInTheDocument();
  });
});
