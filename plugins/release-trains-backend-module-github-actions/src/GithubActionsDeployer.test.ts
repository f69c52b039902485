import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GithubActionsDeployer } from './GithubActionsDeployer';

const api =
  'https://api.github.com/repos/acme/deploy/actions/workflows/deploy.yml';
const request = {
  deploymentId: '6f1c2b9e-0d0e-4d53-9a43-6d7f2e7c9a10',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
};

/** A workflow run as GitHub's REST API returns it (the fields that matter). */
const run = (overrides: object) => ({
  id: 9173645,
  name: 'Deploy',
  display_title: `Release Trains ${request.deploymentId}`,
  event: 'workflow_dispatch',
  status: 'in_progress',
  conclusion: null,
  html_url: 'https://github.com/acme/deploy/actions/runs/9173645',
  created_at: '2026-11-22T10:00:04Z',
  run_started_at: '2026-11-22T10:00:05Z',
  ...overrides,
});

const deployer = GithubActionsDeployer.fromConfig(
  new ConfigReader({
    releaseTrains: {
      deployers: {
        githubActions: {
          repository: 'acme/deploy',
          workflow: 'deploy.yml',
          token: 'ghp_test',
        },
      },
    },
  }),
)!;

describe('GithubActionsDeployer', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('dispatches the workflow with the deployment as inputs', async () => {
    let received: { body: unknown; headers: Headers } | undefined;
    server.use(
      http.post(`${api}/dispatches`, async ({ request: r }) => {
        received = { body: await r.json(), headers: r.headers };
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(deployer.start(request)).resolves.toMatchObject({
      state: 'in-progress',
    });
    expect(received!.body).toEqual({
      ref: 'main',
      inputs: {
        deployment_id: request.deploymentId,
        service: 'component:default/payments',
        stage: 'prod',
        version: '1.4.2',
        kind: 'promote',
      },
    });
    expect(received!.headers.get('authorization')).toBe('Bearer ghp_test');
    expect(received!.headers.get('x-github-api-version')).toBe('2022-11-28');
  });

  it('fails to start when GitHub refuses the dispatch', async () => {
    server.use(
      http.post(`${api}/dispatches`, () =>
        HttpResponse.json(
          {
            message: 'Unexpected inputs provided: ["kind"]',
            documentation_url:
              'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event',
            status: '422',
          },
          { status: 422 },
        ),
      ),
    );
    await expect(deployer.start(request)).rejects.toThrow(/422/);
  });

  it.each([
    [[], { state: 'in-progress' }],
    [
      [run({ display_title: 'Release Trains another-deployment' })],
      { state: 'in-progress' },
    ],
    [[run({ status: 'queued' })], { state: 'in-progress' }],
    [
      [run({ status: 'completed', conclusion: 'success' })],
      { state: 'succeeded' },
    ],
    [
      [run({ status: 'completed', conclusion: 'failure' })],
      { state: 'failed' },
    ],
    [
      [run({ status: 'completed', conclusion: 'cancelled' })],
      { state: 'failed' },
    ],
  ])(
    'reads the run named after the deployment (%#)',
    async (runs, expected) => {
      let query: URLSearchParams | undefined;
      server.use(
        http.get(`${api}/runs`, ({ request: r }) => {
          query = new URL(r.url).searchParams;
          return HttpResponse.json({
            total_count: runs.length,
            workflow_runs: runs,
          });
        }),
      );

      await expect(deployer.status(request)).resolves.toMatchObject(expected);
      expect(query?.get('event')).toBe('workflow_dispatch');
      expect(query?.get('created')).toBe('>=2026-11-22T10:00:00Z');
    },
  );

  it('is off without configuration and refuses a malformed repository', () => {
    expect(
      GithubActionsDeployer.fromConfig(new ConfigReader({})),
    ).toBeUndefined();
    expect(() =>
      GithubActionsDeployer.fromConfig(
        new ConfigReader({
          releaseTrains: {
            deployers: {
              githubActions: {
                repository: 'acme',
                workflow: 'd.yml',
                token: 't',
              },
            },
          },
        }),
      ),
    ).toThrow(/repository must be owner\/repo/);
  });
});
