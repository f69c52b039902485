import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backendUrl,
  frontendUrl,
  personToken,
  signInAs,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

// A service on the weekly train (Tuesdays 09:00): no departure of its train
// is likely to run during the test, and no other browser test promotes it.
// Team Platform owns it, so Dana Kowalski may promote it. Its newest
// version, 1.2.0, is the demo's misbehaving one
// (releaseTrains.deployers.demo.misbehaving in app-config.yaml): healthy at
// 20 % of the traffic, its canary errs 3 percentage points more than the
// baseline from 50 % on. Staging rolls out as a canary (20 %, analysis,
// 50 %, analysis; push provider, 5 s × 2) and needs no approval, so the
// promotion starts at once.
const SERVICE = 'recommendations';
const MISBEHAVING = '1.2.0';
const FIVE_MINUTES = 5 * 60_000;

const portal = usePortalAndBrowser();

type Stage = {
  stage: string;
  current?: { version: string };
  inFlight?: { id: string; state: string; kind: string; version: string };
  hold?: { by: string; reason: string };
  waiting: { version: string }[];
};

type Deployment = {
  id: string;
  kind: string;
  stage: string;
  version: string;
  state: string;
};

type Rollout = {
  deploymentId: string;
  strategy: string;
  runsAs: string;
  phase: string;
  weight: number;
  steps: { kind: string; weight?: number }[];
  abortReason?: string;
  breachedAt?: string;
  rollbackDeploymentId?: string;
  breachToRollbackMs?: number;
  measurements: {
    stepIndex: number;
    check: string;
    phase: string;
    canary?: number;
    baseline?: number;
    value?: number;
  }[];
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function api<T>(token: string, path: string): Promise<T> {
  const response = await fetch(`${backendUrl}/api/release-trains${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

async function stagingOf(token: string): Promise<Stage> {
  const pipeline = await api<{ stages: Stage[] }>(
    token,
    `/pipeline?service=${SERVICE}`,
  );
  return pipeline.stages.find(s => s.stage === 'staging')!;
}

/** Polls until `read` returns something, or fails saying what it waited for. */
async function eventually<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Waited ${timeoutMs / 1000} s for ${what}`);
    }
    await sleep(1000);
  }
}

test('a misbehaving canary in staging fails its analysis and is rolled back by itself, live on the Release tab', async t => {
  const token = await personToken('dana.kowalski');
  await waitForEntity(token, 'component', SERVICE);
  await waitForEntity(token, 'template', 'promote-service');
  const before = await stagingOf(token);
  assert.equal(before.inFlight, undefined, 'nothing is in flight into staging');
  assert.equal(
    before.hold,
    undefined,
    'staging is not held (start on a fresh .data)',
  );
  const baseline = before.current!.version;
  const candidate = before.waiting[0]?.version;
  assert.equal(
    candidate,
    MISBEHAVING,
    `the demo data has ${MISBEHAVING} waiting to enter staging (the misbehaving version of app-config.yaml)`,
  );

  const page = await portal.newPage(t, 'canary-rollback.png', 1800);
  await signInAs(page, 'Dana Kowalski');
  await page.goto(
    `${frontendUrl}/catalog/default/component/${SERVICE}/release`,
  );
  const staging = page.getByTestId('stage-lane-staging');
  await staging.waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'The Release tab before the roll-out');

  // Everything the staging lane says about traffic, as it renders: a
  // transient "20 % of traffic" is kept even if it is gone a moment later.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { trafficSeen: string[] }).trafficSeen = seen;
    const record = () => {
      const lane = document.querySelector('[data-testid="stage-lane-staging"]');
      for (const match of lane?.textContent?.matchAll(
        /(\d+(?:\.\d+)?)\s?% of traffic/g,
      ) ?? []) {
        if (seen.at(-1) !== match[1]) seen.push(match[1]);
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    record();
  });

  // The promotion, confirmed in its dialog. Everything after it happens by
  // itself.
  await staging
    .getByRole('button', { name: `Promote ${candidate}` })
    .click({ timeout: 60_000 });
  await page
    .getByRole('dialog', { name: `Promote ${candidate} to Staging` })
    .getByRole('button', { name: `Promote ${candidate} to Staging` })
    .click({ timeout: 60_000 });
  await page
    .getByText(`Promote ${candidate} to Staging: completed`)
    .first()
    .waitFor({ timeout: 90_000 });
  const promotion = await eventually('the promotion into staging', async () => {
    const { items } = await api<{ items: Deployment[] }>(
      token,
      `/deployments?service=${SERVICE}&stage=staging&kind=promote&limit=5`,
    );
    return items.find(d => d.version === candidate);
  });

  // The canary steps advance live: 20 % of the traffic, healthy, for an
  // analysis of two measurements 5 s apart (after 15 s of deploying).
  await staging
    .getByText(/20\s?% of traffic/)
    .first()
    .waitFor({ timeout: 90_000 });

  // Then 50 %, where it misbehaves: the analysis fails on the error rate,
  // the roll-out is aborted, the rollback starts by itself, and the stage
  // is held, saying why.
  const verdict =
    /Analysis failed: error-rate: canary [\d.]+ %, baseline [\d.]+ %/;
  await staging.getByText(verdict).first().waitFor({ timeout: 120_000 });
  const hold = staging.getByTestId('hold-staging');
  await hold.waitFor({ timeout: 120_000 });
  assert.match((await hold.textContent()) ?? '', verdict);

  // Through the API: the verdict, its timing and the rollback.
  const rollout = await eventually(
    'the rollback of the aborted roll-out',
    async () => {
      const r = await api<Rollout>(
        token,
        `/deployments/${promotion.id}/rollout`,
      );
      return r.phase === 'aborted' && r.rollbackDeploymentId ? r : undefined;
    },
  );
  assert.equal(rollout.strategy, 'canary');
  assert.equal(rollout.runsAs, 'canary');
  assert.deepEqual(
    rollout.steps.map(step => step.weight ?? step.kind),
    [20, 'analysis', 50, 'analysis'],
  );
  // At 20 % the analysis passed: two good error-rate measurements.
  assert.equal(
    rollout.measurements.filter(
      m =>
        m.stepIndex === 1 &&
        m.check === 'error-rate' &&
        m.phase === 'successful',
    ).length,
    2,
  );
  assert.match(rollout.abortReason ?? '', /error[- ]rate/i);
  assert.match(rollout.abortReason ?? '', /\d/, 'the reason names the values');
  const breach = rollout.measurements.find(
    m => m.check === 'error-rate' && m.phase === 'failed',
  );
  assert.ok(breach, 'a failed error-rate measurement is recorded');
  assert.equal(breach.stepIndex, 3, 'it failed in the analysis at 50 %');
  assert.ok(
    breach.value !== undefined && Math.abs(breach.value - 3) < 0.5,
    `the canary erred about 3 points above the baseline (value ${breach.value})`,
  );
  assert.ok(
    rollout.breachToRollbackMs !== undefined &&
      rollout.breachToRollbackMs >= 0 &&
      rollout.breachToRollbackMs < FIVE_MINUTES,
    `rolled back within 5 minutes of the breach (${rollout.breachToRollbackMs} ms)`,
  );

  const rollback = await api<Deployment>(
    token,
    `/deployments/${rollout.rollbackDeploymentId}`,
  );
  assert.equal(rollback.kind, 'rollback');
  assert.equal(rollback.stage, 'staging');
  assert.equal(rollback.version, baseline);
  const promoted = await api<Deployment>(token, `/deployments/${promotion.id}`);
  assert.notEqual(promoted.state, 'succeeded', 'the canary did not succeed');

  // The roll-out's panel says it was aborted, and why; its error-rate chart,
  // named for what it shows, marks the failure.
  await staging
    .getByText(/^Aborted: Analysis failed: error-rate/)
    .first()
    .waitFor({ timeout: 60_000 });
  const chart = staging.getByRole('img', { name: /error rate.*fail/i }).first();
  await chart.waitFor({ timeout: 60_000 });
  assert.match((await chart.getAttribute('aria-label')) ?? '', /\+3 pp/);
  await expectAccessible(page, 'The Release tab with an aborted roll-out');

  const trafficSeen = await page.evaluate(
    () => (window as unknown as { trafficSeen: string[] }).trafficSeen,
  );
  const at20 = trafficSeen.indexOf('20');
  assert.ok(
    at20 >= 0 && trafficSeen.indexOf('50') > at20,
    `the Release tab showed the canary's traffic rise, 20 % then 50 % (it showed: ${
      trafficSeen.join(', ') || 'no traffic at all'
    })`,
  );
  assert.ok(
    !trafficSeen.includes('100'),
    `the canary never got all the traffic (seen: ${trafficSeen.join(', ')})`,
  );

  // The rollback runs to the end; staging runs the baseline again, held.
  await eventually('the rollback to finish', async () => {
    const d = await api<Deployment>(token, `/deployments/${rollback.id}`);
    return d.state === 'in-progress' || d.state === 'pending' ? undefined : d;
  }).then(d => assert.equal(d.state, 'succeeded'));
  const after = await stagingOf(token);
  assert.equal(after.current?.version, baseline);
  assert.ok(after.hold, 'staging is held after the automatic rollback');
  assert.match(after.hold.reason, /error[- ]rate/i);
  await staging.getByText(baseline, { exact: true }).first().waitFor();
});
