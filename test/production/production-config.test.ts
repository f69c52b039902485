/*
 * app-config.production.yaml is what it claims: no guest or demo sign-in,
 * no demo deployer, data or publish target, permissions on. The portal
 * backend (packages/backend) started with it alone, NODE_ENV=production, on
 * PostgreSQL, comes up and offers none of the demo; with guest sign-in added
 * it refuses to start.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  dropDatabases,
  postgresUrl,
  skipWithoutPostgres,
} from '../support/postgres.mts';
import { parse } from 'yaml';

const repoRoot = join(import.meta.dirname, '..', '..');
const configFile = join(repoRoot, 'app-config.production.yaml');
const production = parse(readFileSync(configFile, 'utf8'));

describe('app-config.production.yaml', () => {
  test('has no guest or demo sign-in', () => {
    const providers = production.auth?.providers ?? {};
    assert.equal(providers.guest, undefined);
    assert.equal(providers['demo-users'], undefined);
    assert.equal(production.releaseTrains?.allowGuestSignIn, undefined);
  });

  test('has no demo deployer, data or publish target', () => {
    const releaseTrains = production.releaseTrains;
    assert.equal(releaseTrains.demo, undefined);
    assert.equal(releaseTrains.deployers?.demo, undefined);
    const deployers = Object.values(releaseTrains.pipelines).flatMap(
      (pipeline: any) => [
        pipeline.deployer,
        ...pipeline.stages.map((stage: any) => stage.deployer),
      ],
    );
    assert.ok(!deployers.includes('demo'));
    // Every deployer a pipeline names is configured.
    for (const id of deployers.filter(Boolean)) {
      assert.ok(releaseTrains.deployers?.[id], `deployer ${id} configured`);
    }
    // Nothing of the bundled demo catalog or its templates.
    assert.doesNotMatch(
      JSON.stringify(production.catalog ?? {}),
      /examples\/|templates\//,
    );
  });

  test('turns permissions on and keeps secrets in the environment', () => {
    assert.equal(production.permission?.enabled, true);
    assert.equal(production.backend.database.client, 'pg');
    assert.equal(
      production.backend.database.connection.password,
      '${POSTGRES_PASSWORD}',
    );
    assert.equal(
      production.releaseTrains.deployers.webhook.secret,
      '${RELEASE_TRAINS_WEBHOOK_SECRET}',
    );
  });
});

const prefix = `rt_production_${randomBytes(4).toString('hex')}_`;
const PORT = 7079;
const baseUrl = `http://127.0.0.1:${PORT}`;
const token = randomBytes(24).toString('hex');

const skip = await skipWithoutPostgres();

const children: ChildProcess[] = [];

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (skip) return;
  await dropDatabases(prefix);
});

/**
 * packages/backend with the production config alone, NODE_ENV=production;
 * `override` only moves it to a test port and database prefix (and adds
 * what a test asks for). Resolves with its output once `until` matches it.
 */
function startPortalBackend(
  override: object,
  until: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const url = new URL(postgresUrl);
  const overrideFile = join(
    mkdtempSync(join(tmpdir(), 'rt-production-')),
    'override.json',
  );
  writeFileSync(
    overrideFile,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: `127.0.0.1:${PORT}`,
        database: { prefix },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'test-client' } },
          ],
        },
      },
      ...override,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      join(repoRoot, 'packages', 'backend', 'src', 'index.ts'),
      '--config',
      configFile,
      '--config',
      overrideFile,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port || '5432',
        POSTGRES_USER: decodeURIComponent(url.username || 'postgres'),
        POSTGRES_PASSWORD: decodeURIComponent(url.password),
        RELEASE_TRAINS_WEBHOOK_URL: 'http://127.0.0.1:9/deployments',
        RELEASE_TRAINS_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${until} within 180 s:\n${output}`));
    }, 180_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`backend exited (${code}):\n${output}`));
    });
  });
}

async function stop(child: ChildProcess) {
  child.removeAllListeners('exit');
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitUntilReady() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error('the backend did not become ready');
}

describe('the portal backend with app-config.production.yaml', () => {
  test(
    'comes up with the webhook deployer only and no guest, demo sign-in or local publish',
    { skip, timeout: 240_000 },
    async () => {
      const { child, output } = await startPortalBackend(
        {},
        /Deployers: [a-z, -]*/,
      );
      try {
        await waitUntilReady();
        assert.match(output(), /Deployers: webhook\b/);
        assert.doesNotMatch(output(), /Deployers: .*\bdemo\b/);

        for (const [provider, headers] of [
          ['guest', {}],
          ['demo-users', { 'x-demo-user': 'ana-lima' }],
        ] as const) {
          const response = await fetch(
            `${baseUrl}/api/auth/${provider}/refresh`,
            { headers: { 'X-Requested-With': 'XMLHttpRequest', ...headers } },
          );
          assert.equal(response.ok, false, `${provider} sign-in refused`);
          assert.equal(response.status, 404, `${provider} is no provider`);
        }

        const actions = await fetch(`${baseUrl}/api/scaffolder/v2/actions`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        assert.equal(actions.status, 200);
        const ids = ((await actions.json()) as { id: string }[]).map(a => a.id);
        assert.ok(ids.includes('release-trains:promote'));
        assert.ok(!ids.includes('demo:publish:local'));
      } finally {
        await stop(child);
      }
    },
  );

  test(
    'refuses to start with guest sign-in unless releaseTrains.allowGuestSignIn is true',
    { skip, timeout: 240_000 },
    async () => {
      const { child, output } = await startPortalBackend(
        { auth: { providers: { guest: {} } } },
        /Guest sign-in is configured|Deployers: /,
      );
      try {
        assert.match(
          output(),
          /Guest sign-in is configured \(auth\.providers\.guest\) and NODE_ENV is production.*releaseTrains\.allowGuestSignIn: true/,
        );
        assert.doesNotMatch(output(), /Deployers: /);
      } finally {
        await stop(child);
      }
    },
  );
});
