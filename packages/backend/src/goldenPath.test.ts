import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import releaseTrainsPlugin from '@release-trains/plugin-release-trains-backend';
import releaseTrainsScaffolderModule from '@release-trains/plugin-scaffolder-backend-module-release-trains';
import { demoPublishLocalModule } from './demoPublishLocal';

jest.setTimeout(120_000);

const templateDir = join(
  __dirname,
  '..',
  '..',
  '..',
  'templates',
  'golden-path-service',
);

/** Every file under the template's directory, as the dry-run API takes them. */
function directoryContents(
  dir = templateDir,
): { path: string; base64Content: string }[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    return statSync(path).isDirectory()
      ? directoryContents(path)
      : [
          {
            path: relative(templateDir, path),
            base64Content: readFileSync(path).toString('base64'),
          },
        ];
  });
}

async function startPortalBackend() {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      releaseTrainsScaffolderModule,
      releaseTrainsPlugin,
      demoPublishLocalModule,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          releaseTrains: {
            demo: { localPublish: true },
            trains: {
              express: { schedule: { cron: '0 10 * * 1-5', timeZone: 'UTC' } },
            },
          },
        },
      }),
    ],
  });
  return server;
}

function dryRun(
  server: Awaited<ReturnType<typeof startPortalBackend>>,
  values: object,
) {
  return request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template: parse(readFileSync(join(templateDir, 'template.yaml'), 'utf8')),
      values,
      secrets: {},
      directoryContents: directoryContents().filter(f =>
        f.path.startsWith('skeleton/'),
      ),
    });
}

const file = (response: request.Response, path: string): string => {
  const found = response.body.directoryContents.find(
    (f: { path: string }) => f.path === path,
  );
  if (!found) throw new Error(`${path} was not produced`);
  return Buffer.from(found.base64Content, 'base64').toString('utf8');
};

describe('the golden-path-service template', () => {
  const values = {
    name: 'billing',
    description: 'Bills customers',
    owner: 'group:default/team-payments',
    system: 'system:default/shop',
    language: 'typescript-node',
    pipeline: 'default',
    train: 'express',
    ingestionUrl: 'https://backstage.example.com/api/release-trains/events',
    publishTo: 'local',
  };

  it('passes the scaffolder’s dry run and produces the service with its pipeline, train and CI', async () => {
    const server = await startPortalBackend();
    const response = await dryRun(server, values);
    expect(response.status).toBe(200);

    const catalogInfo = parse(file(response, 'catalog-info.yaml'));
    expect(catalogInfo).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'billing',
        description: 'Bills customers',
        annotations: {
          'release-trains/pipeline': 'default',
          'release-trains/train': 'express',
          'release-trains/requires': '',
        },
      },
      spec: {
        type: 'service',
        owner: 'group:default/team-payments',
        system: 'system:default/shop',
      },
    });

    const workflow = file(response, '.github/workflows/release-trains.yml');
    const parsed = parse(workflow);
    expect(parsed.env).toEqual({
      RELEASE_TRAINS_URL:
        'https://backstage.example.com/api/release-trains/events',
      RELEASE_TRAINS_SOURCE: 'billing',
      // The secret is a reference to the repository's secret, never a value.
      RELEASE_TRAINS_SECRET: '${{ secrets.RELEASE_TRAINS_SECRET }}',
      SERVICE: 'component:default/billing',
      VERSION: '0.1.${{ github.run_number }}',
    });
    expect(Object.keys(parsed.jobs)).toEqual(['build', 'deploy']);
    for (const event of [
      'version.created',
      'deployment.started',
      'deployment.succeeded',
      'deployment.failed',
    ]) {
      expect(workflow).toContain(event);
    }
    expect(file(response, '.github/scripts/report.sh')).toContain(
      'openssl dgst -sha256 -hmac "$RELEASE_TRAINS_SECRET"',
    );

    expect(JSON.parse(file(response, 'package.json'))).toMatchObject({
      name: 'billing',
      scripts: { test: 'node --test src/*.test.ts' },
    });
    expect(file(response, 'src/server.ts')).toContain("service: 'billing'");
    expect(file(response, 'README.md')).toContain('rides the `express` train');
    expect(
      response.body.log.map(
        (l: { body: { message: string } }) => l.body.message,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dry run: would register component:default/billing on pipeline default and the express train',
        ),
      ]),
    );
  });

  it.each([
    [{ train: 'slow' }, "Release Trains has no train 'slow' (known: express)"],
    [
      { pipeline: 'nightly' },
      "Release Trains has no pipeline 'nightly' (known: default)",
    ],
  ])('fails the dry run for %j, with the reason', async (change, message) => {
    const server = await startPortalBackend();
    const response = await dryRun(server, { ...values, ...change });
    const messages = JSON.stringify(response.body);
    expect(messages).toContain(message);
  });
});
