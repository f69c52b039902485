/*
 * Installs the packed packages into a new app from Backstage's own template,
 * following their READMEs' install steps and nothing else, and checks in
 * Chromium that the Release tab works there and shows what CI reports.
 *
 * The app is created by the release of @backstage/create-app that belongs to
 * the Backstage release in backstage.json; the packages come from their
 * tarballs, not workspace links; the registry gaps of this machine are
 * bridged by the repository's own pins (root package.json `resolutions`,
 * docs/setup.md). INSTALL_KEEP=1 keeps the app's folder for a look after.
 */
import assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { launchChromium } from '../support/browser.mts';
import {
  packPackages,
  publishablePackages,
  repoRoot,
  timed,
  yarnRelease,
} from './packages.mts';
import {
  applyInstallSteps,
  installSteps,
  mergeConfig,
} from './readmeSteps.mts';

/** The release of @backstage/create-app that belongs to backstage.json's. */
const CREATE_APP_VERSION = '0.9.2';
/**
 * The template's caret ranges let a new app take packages of later releases
 * that its other ranges cannot match: since 2026-11-17, signals-backend
 * 0.3.21 needs backend-defaults 0.19, which `^0.18.0` excludes, and a bare
 * new app stops at start. Pinned to the versions of the 1.55.0 release.
 */
const TEMPLATE_SKEW_PINS = { '@backstage/plugin-signals-backend': '0.3.19' };
const APP_PORT = 3100;
const BACKEND_PORT = 7107;
const appUrl = `http://localhost:${APP_PORT}`;
const backendUrl = `http://localhost:${BACKEND_PORT}`;
/** The packages whose README configuration the app gets: one pipeline, one deployer. */
const CONFIGURED = [
  '@release-trains/plugin-release-trains-backend',
  '@release-trains/plugin-release-trains-backend-module-webhook',
];
const SERVICE = 'install-check';

const workDir = mkdtempSync(join(tmpdir(), 'rt-install-'));
const appDir = join(workDir, 'app');
let backstage: ChildProcess | undefined;

after(() => {
  if (backstage?.pid) process.kill(-backstage.pid, 'SIGTERM');
  if (process.env.INSTALL_KEEP) {
    console.log(`# the app is kept in ${appDir}`);
  } else {
    rmSync(workDir, { recursive: true, force: true });
  }
});

/** What the app's commands run with: this Node, a `yarn` on PATH, no telemetry. */
function appEnvironment(extra: Record<string, string> = {}) {
  const bin = join(workDir, 'bin');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'yarn'),
      `#!/bin/sh\nexec "${process.execPath}" "${yarnRelease}" "$@"\n`,
      { mode: 0o755 },
    );
  }
  const nodeHome = dirname(dirname(process.execPath));
  return {
    ...process.env,
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`,
    YARN_ENABLE_TELEMETRY: '0',
    // A new app has no lockfile yet; yarn is immutable by default under CI.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_NPM_REGISTRY_SERVER:
      process.env.YARN_NPM_REGISTRY_SERVER ??
      execFileSync('npm', ['config', 'get', 'registry'], {
        encoding: 'utf8',
      }).trim(),
    // Native modules compile against this Node's headers, offline.
    ...(existsSync(join(nodeHome, 'include', 'node')) && {
      npm_config_nodedir: nodeHome,
    }),
    ...extra,
  };
}

function run(command: string, args: string[], cwd = appDir) {
  return execFileSync(command, args, {
    cwd,
    env: appEnvironment(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

function readJson(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file: string, value: unknown) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Sets each `${VARIABLE}` the configuration names to a fresh secret. */
function secretsFor(config: unknown): Record<string, string> {
  const names = JSON.stringify(config).matchAll(/\$\{(\w+)\}/g);
  return Object.fromEntries(
    [...names].map(([, name]) => [name, randomBytes(24).toString('hex')]),
  );
}

const appLog = join(workDir, 'app.log');

function appLogTail(): string {
  return readFileSync(appLog, 'utf8').split('\n').slice(-40).join('\n');
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (backstage?.exitCode !== null && backstage?.exitCode !== undefined) {
      throw new Error(
        `The app stopped (exit code ${backstage.exitCode}):\n${appLogTail()}`,
      );
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000} s:\n${appLogTail()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function guestToken(): Promise<string> {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(response.status, 200, 'guest sign-in in development');
  const body = await response.json();
  return body.backstageIdentity.token;
}

async function waitForEntity(token: string) {
  const url = `${backendUrl}/api/catalog/entities/by-name/component/default/${SERVICE}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.ok) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`The catalog did not ingest ${SERVICE}`);
}

/** Posts a CI event signed as docs/ingestion.md says. */
async function postEvent(
  source: string,
  secret: string,
  delivery: string,
  event: object,
) {
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret)
    .update(`${t}.${delivery}.${body}`)
    .digest('hex');
  const response = await fetch(`${backendUrl}/api/release-trains/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Release-Trains-Source': source,
      'X-Release-Trains-Delivery': delivery,
      'X-Release-Trains-Signature': `t=${t},sha256=${signature}`,
    },
    body,
  });
  assert.equal(response.status, 200, await response.text());
}

test('the packages install into a new Backstage app by their READMEs, and work there', async () => {
  const tarballs = await packPackages(join(workDir, 'tarballs'));

  await timed(
    `create an app (@backstage/create-app@${CREATE_APP_VERSION})`,
    () =>
      execFileSync(
        'npx',
        [
          '-y',
          `@backstage/create-app@${CREATE_APP_VERSION}`,
          '--skip-install',
          '--path',
          appDir,
        ],
        {
          cwd: workDir,
          // Answers the prompt for the app's name.
          env: appEnvironment({ BACKSTAGE_APP_NAME: 'app' }),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
  );
  assert.deepEqual(
    readJson(join(appDir, 'backstage.json')),
    readJson(join(repoRoot, 'backstage.json')),
    'the app is of the Backstage release this repository builds on',
  );

  // The tarballs, in place of a registry that has them; the machine's pins.
  const packagesDir = join(appDir, 'release-trains-packages');
  mkdirSync(packagesDir);
  const rootManifest = readJson(join(appDir, 'package.json'));
  rootManifest.resolutions = {
    ...readJson(join(repoRoot, 'package.json')).resolutions,
    ...rootManifest.resolutions,
    ...TEMPLATE_SKEW_PINS,
  };
  for (const [name, tarball] of tarballs) {
    copyFileSync(tarball, join(packagesDir, basename(tarball)));
    rootManifest.resolutions[name] = `file:./release-trains-packages/${basename(
      tarball,
    )}`;
  }
  writeJson(join(appDir, 'package.json'), rootManifest);

  // What the READMEs say, and only that.
  const versions = new Map(
    publishablePackages().map(({ manifest }) => [
      manifest.name,
      manifest.version,
    ]),
  );
  const configs: Record<string, unknown>[] = [];
  for (const { manifest, readme } of publishablePackages()) {
    const steps = installSteps(readme);
    applyInstallSteps(appDir, steps, name => versions.get(name)!);
    if (CONFIGURED.includes(manifest.name)) {
      assert.ok(steps.config.length > 0, `${manifest.name}: configuration`);
      configs.push(...steps.config);
    }
  }
  const config = mergeConfig(...configs);
  const env = secretsFor(config);
  const [[source, { secret }]] = Object.entries(
    (config as any).releaseTrains.ingestion.sources,
  ) as [string, { secret: string }][];
  const sourceSecret = env[/\$\{(\w+)\}/.exec(secret)![1]];
  writeFileSync(
    join(appDir, 'app-config.local.yaml'),
    stringify(
      mergeConfig(config, {
        app: { baseUrl: appUrl },
        backend: {
          baseUrl: backendUrl,
          listen: { port: BACKEND_PORT },
          cors: { origin: appUrl },
        },
      }),
    ),
  );
  // A service of the app's catalog, put on the pipeline as the README says.
  appendFileSync(
    join(appDir, 'examples', 'entities.yaml'),
    `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${SERVICE}
  annotations:
    release-trains/pipeline: default
spec:
  type: service
  lifecycle: experimental
  owner: guests
`,
  );

  await timed('install (yarn install)', () =>
    run('node', [yarnRelease, 'install']),
  );
  await timed('type-check the app (yarn tsc)', () =>
    run('node', [yarnRelease, 'tsc']),
  );

  await timed('start the app (yarn start) until both answer', async () => {
    backstage = spawn(process.execPath, [yarnRelease, 'start'], {
      cwd: appDir,
      env: appEnvironment(env),
      stdio: ['ignore', openSync(appLog, 'w'), openSync(appLog, 'a')],
      detached: true,
    });
    await waitFor(`${backendUrl}/.backstage/health/v1/readiness`, 240_000);
    await waitFor(appUrl, 300_000);
  });

  const token = await guestToken();
  await waitForEntity(token);
  const browser = await launchChromium(join(import.meta.dirname, 'output'));
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    const lane = (stage: string) => page.getByTestId(`stage-lane-${stage}`);
    await timed('the Release tab shows the pipeline, empty', async () => {
      await page.goto(`${appUrl}/catalog/default/component/${SERVICE}/release`);
      // The new app's own sign-in page: guest, in development.
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('heading', { name: 'No deployments yet' })
        .waitFor({ timeout: 120_000 });
      for (const stage of ['dev', 'staging', 'prod']) {
        assert.match(
          await lane(stage).innerText(),
          /Nothing deployed yet/,
          `the ${stage} lane`,
        );
      }
      await page.getByText('Production', { exact: true }).waitFor();
    });

    await timed(
      'a signed CI event shows in the lane and the history',
      async () => {
        const service = `component:default/${SERVICE}`;
        const builtAt = new Date(Date.now() - 60_000).toISOString();
        await postEvent(source, sourceSecret, 'install-check-1', {
          type: 'version.created',
          service,
          version: '1.0.0',
          commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
          builtAt,
          changes: [
            {
              commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
              title: 'First release',
              author: 'installer',
              mergedAt: builtAt,
            },
          ],
        });
        await postEvent(source, sourceSecret, 'install-check-2', {
          type: 'deployment.succeeded',
          service,
          stage: 'dev',
          version: '1.0.0',
          externalId: 'ci-1',
          occurredAt: new Date().toISOString(),
        });
        await page.reload();
        await lane('dev').getByText('1.0.0').waitFor({ timeout: 60_000 });
        assert.match(await lane('staging').innerText(), /Nothing deployed yet/);
        const row = page.getByRole('row').filter({ hasText: '1.0.0' });
        await row.first().waitFor();
        assert.equal(await row.count(), 1, 'one deployment in the history');
        assert.match(await row.innerText(), /dev/);
      },
    );
    await page.screenshot({
      path: join(import.meta.dirname, 'output', 'installed-release-tab.png'),
      fullPage: true,
    });
  } finally {
    await browser.close();
  }
});
