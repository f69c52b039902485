/*
 * Fault test: a backend killed (SIGKILL) while a deployment is in progress
 * and while CI deliveries are arriving. After a restart on the same
 * PostgreSQL database the deployment ends in a definite state, every
 * delivery the killed backend accepted is there, and every other one is
 * accepted on retry, exactly once.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import {
  dropDatabases,
  postgresUrl,
  skipWithoutPostgres,
} from '../support/postgres.mts';
import {
  startBackendProcess,
  writeBackendConfig,
} from '../support/startBackendProcess.mts';

const PORT = 7078;
const baseUrl = `http://127.0.0.1:${PORT}/api/release-trains`;
const token = randomBytes(24).toString('hex');
const prefix = `rt_fault_${randomBytes(4).toString('hex')}_`;
const backend = {
  port: PORT,
  postgresUrl,
  prefix,
  token,
  services: 3,
  env: { LOG_LEVEL: 'warn' },
  quiet: true,
  releaseTrains: {
    pipelines: {
      default: {
        deployer: 'demo',
        stages: [{ name: 'dev' }, { name: 'prod' }],
      },
    },
    deployers: { demo: { durationSeconds: 8 } },
    // The test's static token reports as a CI source.
    ingestion: {
      sources: { ci: { subject: 'test-client', allServices: true } },
    },
  },
};
const config = writeBackendConfig(backend);
const startBackend = () => startBackendProcess(backend, config);

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const deliver = (deliveryId: string, events: object[]) =>
  call('/events', {
    method: 'POST',
    headers: { 'X-Release-Trains-Delivery': deliveryId },
    body: JSON.stringify({ events }),
  });

const deployedToDev = (i: number) => ({
  type: 'deployment.succeeded',
  service: 'svc-2',
  stage: 'dev',
  version: `2.0.${i}`,
  externalId: `ci-run-${i}`,
  occurredAt: new Date(Date.UTC(2026, 10, 22, 10, i)).toISOString(),
});

const skip = await skipWithoutPostgres();

let running: ChildProcess | undefined;

after(async () => {
  running?.kill('SIGKILL');
  if (skip) return;
  await dropDatabases(prefix);
});

test(
  'a backend killed mid-deployment and mid-delivery loses nothing and finishes the deployment after a restart',
  { skip },
  async () => {
    running = await startBackend();
    const version = await deliver('build-1', [
      {
        type: 'version.created',
        service: 'svc-1',
        version: '1.0.0',
        commitSha: 'a'.repeat(40),
        builtAt: '2026-11-22T09:00:00.000Z',
      },
    ]);
    assert.equal(version.status, 200);

    const promoted = await call('/promotions', {
      method: 'POST',
      body: JSON.stringify({ service: 'svc-1', version: '1.0.0' }),
    });
    assert.equal(promoted.status, 201);
    assert.equal(promoted.body.state, 'in-progress');

    // Twenty CI deliveries in flight; the backend dies while they arrive.
    const answers = new Map<string, number>();
    const deliveries = Array.from({ length: 20 }, (_, i) =>
      deliver(`ci-${i}`, [deployedToDev(i)]).then(
        r => answers.set(`ci-${i}`, r.status),
        () => answers.set(`ci-${i}`, 0),
      ),
    );
    await new Promise(resolve => setTimeout(resolve, 150));
    running.kill('SIGKILL');
    await Promise.all(deliveries);
    const acceptedBeforeKill = [...answers].filter(([, s]) => s === 200);

    running = await startBackend();
    // What the killed backend accepted is there; CI retries the rest.
    for (let i = 0; i < 20; i++) {
      const retry = await deliver(`ci-${i}`, [deployedToDev(i)]);
      assert.equal(retry.status, 200, `delivery ci-${i} is accepted on retry`);
    }
    const history = await call('/deployments?service=svc-2&limit=100');
    assert.deepEqual(
      history.body.items.map((d: { version: string }) => d.version).sort(),
      Array.from({ length: 20 }, (_, i) => `2.0.${i}`).sort(),
      'each delivery is in the ledger exactly once',
    );

    // The reconciler of the new backend finishes the deployment.
    const deadline = Date.now() + 120_000;
    let state = 'in-progress';
    while (state === 'in-progress' && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      state = (await call(`/deployments/${promoted.body.id}`)).body.state;
    }
    assert.equal(state, 'succeeded');
    const pipeline = await call('/pipeline?service=svc-1');
    assert.equal(pipeline.body.stages[0].current.version, '1.0.0');
    assert.equal(pipeline.body.stages[0].inFlight, undefined);
    console.log(
      `accepted before the kill: ${acceptedBeforeKill.length} of 20 deliveries`,
    );
  },
);
