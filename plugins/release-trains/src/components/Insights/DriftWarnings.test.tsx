import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { linkOf } from '../../__testUtils__/links';
import { DriftWarnings } from './DriftWarnings';

const finding = {
  service: 'component:default/recommendations',
  stage: 'prod',
  kind: 'lagging',
  message:
    'Prod is 7 versions behind Staging; the oldest change waiting arrived there 21 days ago',
};

describe('DriftWarnings', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists each finding with its kind, and the service for a team', async () => {
    let asked: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/insights/drift`, ({ request }) => {
        asked = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json({
          scope: { owner: 'group:default/team-a' },
          serviceCount: 3,
          findings: [finding],
        });
      }),
    );
    await renderWithReleaseTrainsApi(
      <DriftWarnings scope={{ owner: 'group:default/team-a' }} showService />,
    );
    expect(
      await screen.findByText(/Drift: stages run other than the pipeline says/),
    ).toBeInTheDocument();
    expect(screen.getByText('Lagging')).toBeInTheDocument();
    expect(
      screen.getByText(/component:default\/recommendations/),
    ).toHaveTextContent(finding.message);
    expect(
      linkOf(
        screen.getByRole('link', {
          name: `Deployments into ${finding.stage} of ${finding.service}`,
        }),
      ),
    ).toEqual({
      path: '/release-trains/insights/deployments',
      query: { service: finding.service, stage: finding.stage },
    });
    expect(asked).toEqual({ owner: 'group:default/team-a' });
  });

  it('says nothing when the stages run what the pipeline says', async () => {
    let answered = false;
    server.use(
      http.get(`${baseUrl}/insights/drift`, () => {
        answered = true;
        return HttpResponse.json({ scope: {}, serviceCount: 1, findings: [] });
      }),
    );
    await renderWithReleaseTrainsApi(
      <DriftWarnings scope={{ service: 'component:default/payments' }} />,
    );
    await waitFor(() => expect(answered).toBe(true));
    expect(screen.queryByText(/Drift/)).not.toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/insights/drift`, () =>
        errorResponse(500, 'Error', 'The ledger is unreachable'),
      ),
    );
    await renderWithReleaseTrainsApi(
      <DriftWarnings scope={{ service: 'component:default/payments' }} />,
    );
    expect(
      (await screen.findAllByText(/The ledger is unreachable/))[0],
    ).toBeInTheDocument();
  });
});
