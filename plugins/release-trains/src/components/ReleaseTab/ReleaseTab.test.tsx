import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { doraReport } from '../../__testUtils__/doraReport';
import {
  deployed,
  errorResponse,
  payments,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
  testSignals,
} from '../../__testUtils__/renderWithApi';
import { ReleaseTab } from './ReleaseTab';

describe('ReleaseTab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderTab = () =>
    renderWithReleaseTrainsApi(
      <EntityProvider entity={payments}>
        <ReleaseTab />
      </EntityProvider>,
    );

  it('shows the version each stage runs, and the service’s neighbourhood in the last stage', async () => {
    let askedFor: string | null = null;
    let graphQuery: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${baseUrl}/insights/dora`, () =>
        HttpResponse.json(doraReport()),
      ),
      http.get(`${baseUrl}/insights/drift`, () =>
        HttpResponse.json({
          scope: { service: 'component:default/payments' },
          serviceCount: 1,
          findings: [
            {
              service: 'component:default/payments',
              stage: 'prod',
              kind: 'not-upstream',
              message: 'Prod runs 1.4.0, which never ran in Staging',
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/graph`, ({ request }) => {
        graphQuery = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json({
          stage: 'prod',
          nodes: [
            { service: 'component:default/payments' },
            { service: 'component:default/ledger', runningVersion: '3.0.0' },
          ],
          edges: [
            {
              from: 'component:default/payments',
              to: 'component:default/ledger',
              range: '^3',
              runningVersion: '3.0.0',
              verdict: 'satisfied',
              reason: 'component:default/ledger ^3 required, prod runs 3.0.0',
            },
          ],
        });
      }),
      http.get(`${baseUrl}/pipeline`, ({ request }) => {
        askedFor = new URL(request.url).searchParams.get('service');
        return HttpResponse.json({
          service: 'component:default/payments',
          pipeline: 'default',
          stages: [
            {
              stage: 'dev',
              title: 'Dev',
              current: deployed('1.5.0'),
              inFlight: { ...deployed('1.6.0'), state: 'in-progress' },
              waiting: [],
            },
            {
              stage: 'staging',
              title: 'Staging',
              current: deployed('1.4.2'),
              waiting: [{ version: '1.5.0' }],
            },
            { stage: 'prod', title: 'Prod', waiting: [] },
          ],
        });
      }),
    );

    await renderTab();

    expect(
      await screen.findByRole('figure', {
        name: 'Dependency graph in prod: 2 services, 1 dependencies',
      }),
    ).toBeInTheDocument();
    expect(graphQuery).toEqual({
      stage: 'prod',
      service: 'component:default/payments',
      depth: '2',
    });

    const dev = await screen.findByTestId('stage-lane-dev');
    expect(within(dev).getByText('1.5.0')).toBeInTheDocument();
    // The person as the catalog names them (here: not in it, so the name).
    expect(dev).toHaveTextContent(/since 2 hours ago · by ana\.lima/);
    expect(
      within(dev).getByText(/Deploying 1.6.0 \(in-progress/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('stage-lane-staging')).getByText(
        'Waiting to enter: 1.5.0',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('Deploy history')).toBeInTheDocument();
    expect(screen.getByText('Where is my change?')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('stage-lane-staging')).getByText('1.4.2'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('stage-lane-prod')).getByText(
        'Nothing deployed yet',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Staging')).toBeInTheDocument();
    expect(askedFor).toBe('component:default/payments');
    // Drift from the pipeline, said in words.
    expect(
      await screen.findByText(/Prod runs 1\.4\.0, which never ran in Staging/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Not through the stage before'),
    ).toBeInTheDocument();
    expect(
      within(
        await screen.findByRole('region', { name: 'Change fail rate' }),
      ).getByText('12.5 %'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /More in Insights/ }),
    ).toHaveAttribute(
      'href',
      '/release-trains/insights?service=component%3Adefault%2Fpayments',
    );
  });

  it('says so when nothing has been deployed, and still shows the stages', async () => {
    server.use(
      http.get(`${baseUrl}/pipeline`, () =>
        HttpResponse.json({
          service: 'component:default/payments',
          pipeline: 'default',
          stages: [
            { stage: 'dev', title: 'Dev', waiting: [] },
            { stage: 'prod', title: 'Prod', waiting: [] },
          ],
        }),
      ),
    );

    await renderTab();

    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
    for (const stage of ['dev', 'prod']) {
      expect(
        within(screen.getByTestId(`stage-lane-${stage}`)).getByText(
          'Nothing deployed yet',
        ),
      ).toBeInTheDocument();
    }
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/pipeline`, () =>
        errorResponse(
          400,
          'InputError',
          "service: component:default/payments names pipeline 'nightly', which is not configured",
        ),
      ),
    );

    await renderTab();

    const messages = await screen.findAllByText(
      /names pipeline 'nightly', which is not configured/,
    );
    expect(messages.length).toBeGreaterThan(0);
  });
  it('refetches once per signal, also one that comes while a fetch is under way', async () => {
    let pipelineFetches = 0;
    server.use(
      http.get(`${baseUrl}/pipeline`, async () => {
        pipelineFetches++;
        return HttpResponse.json({
          service: 'component:default/payments',
          pipeline: 'default',
          stages: [
            {
              stage: 'dev',
              title: 'Dev',
              current: deployed(`1.${pipelineFetches}.0`),
              waiting: [],
            },
          ],
        });
      }),
      http.get(`${baseUrl}/insights/drift`, () =>
        HttpResponse.json({ scope: {}, serviceCount: 1, findings: [] }),
      ),
      http.get(`${baseUrl}/insights/dora`, () =>
        HttpResponse.json(doraReport()),
      ),
      http.get(`${baseUrl}/graph`, () =>
        HttpResponse.json({ stage: 'prod', nodes: [], edges: [] }),
      ),
      http.get(`${baseUrl}/*`, () => HttpResponse.json({ items: [] })),
    );
    const { signalApi, send } = testSignals();
    await renderWithReleaseTrainsApi(
      <EntityProvider entity={payments}>
        <ReleaseTab />
      </EntityProvider>,
      { signalApi },
    );
    expect(await screen.findByText('1.1.0')).toBeInTheDocument();
    act(() => send('release-trains:component:default/payments'));
    expect(await screen.findByText('1.2.0')).toBeInTheDocument();
    // A refetch ends there: it does not set off another.
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(pipelineFetches).toBe(2);

    // Two signals in a row: the second, arriving mid-fetch, is not dropped.
    act(() => send('release-trains:component:default/payments'));
    act(() => send('release-trains:component:default/payments'));
    await waitFor(() => expect(pipelineFetches).toBe(4));
    expect(await screen.findByText('1.4.0')).toBeInTheDocument();
  });
});
