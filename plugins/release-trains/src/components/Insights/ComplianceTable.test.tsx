import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { complianceReport, ungated } from '../../__testUtils__/insightsReports';
import { linkOf } from '../../__testUtils__/links';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { ComplianceTable } from './ComplianceTable';

const DAY_MS = 24 * 3_600_000;
const at = (iso: string) => DateTime.fromISO(iso).toFormat('yyyy-MM-dd HH:mm');

describe('ComplianceTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows each service’s share, the first few ungated and the totals', async () => {
    let asked: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/insights/compliance`, ({ request }) => {
        asked = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json(complianceReport);
      }),
    );
    await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ owner: 'group:default/team-a' }}
        rangeDays={30}
      />,
    );
    const table = await screen.findByRole('table', { name: 'Gate compliance' });
    const [, payments, search, totals] = within(table).getAllByRole('row');

    expect(payments).toHaveTextContent('component:default/payments');
    expect(within(payments).getByText('40')).toBeInTheDocument();
    expect(within(payments).getByText('35')).toBeInTheDocument();
    expect(within(payments).getByText('87.5 %')).toBeInTheDocument();
    expect(within(payments).getByText('5 ungated')).toBeInTheDocument();
    const [newest] = ungated(5);
    expect(
      within(payments).getByText(
        `1.4.5, ${at(
          newest.finishedAt,
        )}, by user:default/ana.lima: Hotfix by hand`,
      ),
    ).toBeInTheDocument();
    // Collapsed to the newest three until asked for all.
    expect(within(payments).getByText(/^1\.4\.3,/)).toBeInTheDocument();
    expect(within(payments).queryByText(/^1\.4\.2,/)).toBeNull();
    await userEvent.click(
      within(payments).getByRole('button', { name: 'Show all 5' }),
    );
    expect(within(payments).getByText(/^1\.4\.1,/)).toBeInTheDocument();

    expect(within(search).getByText('100 %')).toBeInTheDocument();
    expect(within(search).getByText('None')).toBeInTheDocument();

    expect(totals).toHaveTextContent('Total, 2 services');
    expect(within(totals).getByText('50')).toBeInTheDocument();
    expect(within(totals).getByText('45')).toBeInTheDocument();
    expect(within(totals).getByText('90 %')).toBeInTheDocument();
    expect(within(totals).getByText('5 ungated')).toBeInTheDocument();

    // Each count leads to the deployments it counts.
    const { from, to } = complianceReport;
    expect(
      linkOf(
        within(payments).getByRole('link', {
          name: /^\d+ ungated: deployments of component:default\/payments$/,
        }),
      ),
    ).toEqual({
      path: '/release-trains/insights/deployments',
      query: {
        service: 'component:default/payments',
        stage: 'prod',
        outcome: 'ran',
        ungated: 'true',
        finishedFrom: from,
        finishedTo: to,
      },
    });
    expect(
      linkOf(
        within(totals).getByRole('link', {
          name: /^\d+: deployments of every service counted$/,
        }),
      ).query,
    ).toEqual({
      owner: 'group:default/team-a',
      lastStage: 'true',
      outcome: 'ran',
      finishedFrom: from,
      finishedTo: to,
    });
    expect(
      linkOf(
        within(totals).getByRole('link', {
          name: /^\d+ ungated: deployments of every service$/,
        }),
      ).query,
    ).toMatchObject({ lastStage: 'true', ungated: 'true' });

    expect(asked.owner).toBe('group:default/team-a');
    expect(
      Math.round((Date.parse(asked.to) - Date.parse(asked.from)) / DAY_MS),
    ).toBe(30);
  });

  it('shows the share of releases with a rehearsed rollback against the target, in total and per service', async () => {
    server.use(
      http.get(`${baseUrl}/insights/compliance`, () =>
        HttpResponse.json(complianceReport),
      ),
    );
    await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ owner: 'group:default/team-a' }}
        rangeDays={90}
      />,
    );

    const summary = await screen.findByTestId('rehearsal-share');
    expect(summary).toHaveTextContent(
      /^Releases with a rehearsed rollback: 35 of 46 \(76 %\) · target ≥ 70 %$/,
    );
    expect(summary).not.toHaveStyle({ color: 'rgb(159, 80, 0)' });

    const table = screen.getByRole('table', { name: 'Gate compliance' });
    const [head, payments, search, totals] = within(table).getAllByRole('row');
    expect(
      within(head).getByRole('columnheader', { name: 'Rehearsed rollback' }),
    ).toBeInTheDocument();
    expect(within(payments).getByText('30 of 36 (83 %)')).not.toHaveStyle({
      color: 'rgb(159, 80, 0)',
    });
    // Below the target: in the warning colour, darkened to read (4.5:1).
    expect(within(search).getByText('5 of 10 (50 %)')).toHaveStyle({
      color: 'rgb(159, 80, 0)',
    });
    expect(within(totals).getByText('35 of 46 (76 %)')).toBeInTheDocument();
  });

  it('warns when too few releases had a rehearsed rollback, and says when there were none', async () => {
    server.use(
      http.get(`${baseUrl}/insights/compliance`, ({ request }) =>
        HttpResponse.json({
          ...complianceReport,
          rehearsals:
            new URL(request.url).searchParams.get('service') === 'none'
              ? { releases: 0, rehearsed: 0 }
              : { releases: 46, rehearsed: 30, share: 30 / 46 },
        }),
      ),
    );
    const { unmount } = await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ owner: 'group:default/team-a' }}
        rangeDays={90}
      />,
    );
    const summary = await screen.findByTestId('rehearsal-share');
    expect(summary).toHaveTextContent('30 of 46 (65 %) · target ≥ 70 %');
    expect(summary).toHaveStyle({ color: 'rgb(159, 80, 0)' });
    unmount();

    await renderWithReleaseTrainsApi(
      <ComplianceTable scope={{ service: 'none' }} rangeDays={90} />,
    );
    expect(await screen.findByTestId('rehearsal-share')).toHaveTextContent(
      'Releases with a rehearsed rollback: no releases yet · target ≥ 70 %',
    );
  });

  it('counts all the ungated when the list holds only the newest', async () => {
    server.use(
      http.get(`${baseUrl}/insights/compliance`, () =>
        HttpResponse.json({
          ...complianceReport,
          serviceCount: 1,
          totals: { deployments: 300, gated: 100, share: 1 / 3 },
          services: [
            {
              ...complianceReport.services[0],
              deployments: 300,
              gated: 100,
              share: 1 / 3,
              ungated: ungated(9).concat(
                ungated(91).map(d => ({ ...d, id: `o-${d.id}` })),
              ),
              truncated: true,
            },
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ service: 'component:default/payments' }}
        rangeDays={365}
      />,
    );
    const table = await screen.findByRole('table', { name: 'Gate compliance' });
    const [, payments, totals] = within(table).getAllByRole('row');
    expect(within(payments).getByText('200 ungated')).toBeInTheDocument();
    expect(within(payments).getByText('33.3 %')).toBeInTheDocument();
    expect(
      within(payments).getByRole('button', { name: 'Show the newest 100' }),
    ).toBeInTheDocument();
    expect(totals).toHaveTextContent('Total, 1 service');
  });

  it('says so when no service is in scope', async () => {
    server.use(
      http.get(`${baseUrl}/insights/compliance`, () =>
        HttpResponse.json({
          ...complianceReport,
          serviceCount: 0,
          totals: { deployments: 0, gated: 0 },
          services: [],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ system: 'system:default/nothing' }}
        rangeDays={90}
      />,
    );
    expect(await screen.findByText('No services in scope')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/compliance`, () =>
        errorResponse(500, 'Error', 'The ledger is unreachable'),
      ),
    );
    await renderWithReleaseTrainsApi(
      <ComplianceTable
        scope={{ service: 'component:default/payments' }}
        rangeDays={90}
      />,
    );
    expect(
      (await screen.findAllByText(/The ledger is unreachable/))[0],
    ).toBeInTheDocument();
  });
});
