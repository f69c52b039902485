import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  backendUrl,
  frontendUrl,
  outputDir,
  personToken,
  signInAs,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

// A service on the weekly train (Tuesdays 09:00): no departure of its train
// is likely to run during the test. Team Fulfilment owns it, so Chen Wu may
// promote and roll it back (the portal's permission policy allows a
// service's owners only); only members of the Change Advisory Board (Ben
// Okafor, Chen Wu, Dana Kowalski) other than the requester may approve it
// into prod.
const SERVICE = 'inventory';

const portal = usePortalAndBrowser();

type Stage = {
  stage: string;
  current?: { version: string };
  inFlight?: { id: string; state: string };
  waiting: { version: string }[];
};

async function prodOf(token: string): Promise<Stage> {
  const response = await fetch(
    `${backendUrl}/api/release-trains/pipeline?service=${SERVICE}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const pipeline = (await response.json()) as { stages: Stage[] };
  return pipeline.stages.find(s => s.stage === 'prod')!;
}

/** A person's own browser session, on the Release tab of the service. */
async function releaseTabAs(person: string, screenshot: string) {
  const context = await portal.browser().newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  await signInAs(page, person);
  await page.goto(
    `${frontendUrl}/catalog/default/component/${SERVICE}/release`,
  );
  await page.getByTestId('stage-lane-prod').waitFor({ timeout: 60_000 });
  await expectAccessible(page, `The Release tab of ${SERVICE} (${person})`);
  return {
    page,
    prod: page.getByTestId('stage-lane-prod'),
    close: async () => {
      await page.screenshot({
        path: join(outputDir, screenshot),
        fullPage: true,
      });
      await context.close();
    },
  };
}

async function approveAs(person: string, screenshot: string, count: string) {
  const { prod, close } = await releaseTabAs(person, screenshot);
  try {
    const panel = prod.getByTestId('approval-prod');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel
      .getByText(`awaits approval: ${count}`)
      .or(prod.getByText(/Deploying .* \(in-progress/))
      .first()
      .waitFor({ timeout: 30_000 });
  } finally {
    await close();
  }
}

const byText = (page: Page, text: string | RegExp) =>
  page.getByText(text).first().waitFor({ timeout: 90_000 });

/** Presses Tab until `target` has the focus: it is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, what: string) {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate(element => element === document.activeElement))
      return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${what} is not reachable with Tab`);
}

type Change = { commitSha: string; title: string };

test('the owner promotes to prod, two of the approver group approve, an outsider cannot; then the owner rolls back and sees the hold', async () => {
  const chenToken = await personToken('chen.wu');
  await waitForEntity(chenToken, 'component', SERVICE);
  await waitForEntity(chenToken, 'template', 'promote-service');
  const before = await prodOf(chenToken);
  assert.equal(before.inFlight, undefined, 'nothing is in flight into prod');
  const running = before.current!.version;
  const candidate = before.waiting[0]?.version;
  assert.ok(candidate, 'the demo data has a version waiting to enter prod');

  const shipping = await fetch(
    `${backendUrl}/api/release-trains/changes/between?service=${SERVICE}&from=${running}&to=${candidate}`,
    { headers: { Authorization: `Bearer ${chenToken}` } },
  );
  assert.equal(shipping.status, 200);
  const { items: changes } = (await shipping.json()) as { items: Change[] };
  assert.ok(changes.length > 0, 'the demo version brings changes');

  // Chen asks for the promotion from the Release tab, by keyboard alone: the
  // dialog shows what ships, the gates and who approves, and prod asks for
  // the service's name before it goes.
  const chen = await releaseTabAs('Chen Wu', 'promote-requested.png');
  try {
    const promote = chen.prod.getByRole('button', {
      name: `Promote ${candidate}`,
    });
    await promote.click({ trial: true, timeout: 60_000 });
    await promote.focus();
    await chen.page.keyboard.press('Enter');
    const dialog = chen.page.getByRole('dialog', {
      name: `Promote ${candidate} to Prod`,
    });
    const listed = dialog.getByTestId('promote-prod-changes');
    for (const change of changes.slice(0, 10)) {
      await listed.getByText(change.title).first().waitFor({ timeout: 30_000 });
    }
    assert.equal(
      await listed.getByRole('listitem').count(),
      changes.length,
      'every change that ships is listed',
    );
    await dialog.getByTestId('promote-prod-gate-approvals').waitFor();
    await dialog.getByTestId('promote-prod-approvers').waitFor();
    await expectAccessible(chen.page, 'The promote dialog');
    await chen.page.keyboard.type('Weekly release of inventory');
    const confirmation = dialog.getByLabel(`Type ${SERVICE} to confirm`);
    await tabTo(chen.page, confirmation, 'The typed confirmation');
    await chen.page.keyboard.type(SERVICE);
    const confirm = dialog.getByRole('button', {
      name: `Promote ${candidate} to Prod`,
    });
    await tabTo(chen.page, confirm, 'The confirm button');
    await chen.page.keyboard.press('Enter');
    await byText(chen.page, `Promote ${candidate} to Prod: completed`);
    const panel = chen.prod.getByTestId('approval-prod');
    await panel
      .getByText(`${candidate} awaits approval: 0 of 2`)
      .waitFor({ timeout: 60_000 });
    // The requester's own approval is refused: in the portal and by the API.
    assert.equal(
      await panel.getByRole('button', { name: 'Approve' }).isDisabled(),
      true,
    );
    await panel
      .getByText('You asked for this deployment; other people must approve it')
      .waitFor();
  } finally {
    await chen.close();
  }
  const pending = await prodOf(chenToken);
  assert.equal(pending.inFlight?.state, 'awaiting-approval');
  const approveThroughApi = (token: string) =>
    fetch(
      `${backendUrl}/api/release-trains/deployments/${
        pending.inFlight!.id
      }/approvals`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ decision: 'approve' }),
      },
    );
  assert.equal((await approveThroughApi(chenToken)).status, 403);

  // Ana is not on the board: her Approve button says why not, and the API
  // refuses her approval.
  const outsiderReason =
    'Only members of group:default/change-advisory may approve deployments into Prod';
  const outsider = await releaseTabAs('Ana Lima', 'approval-refused.png');
  try {
    const panel = outsider.prod.getByTestId('approval-prod');
    await panel
      .getByText('Approvers: members of Change Advisory Board')
      .waitFor({ timeout: 60_000 });
    await panel.getByText(outsiderReason).waitFor({ timeout: 30_000 });
    assert.equal(
      await panel.getByRole('button', { name: 'Approve' }).isDisabled(),
      true,
    );
  } finally {
    await outsider.close();
  }
  const anaApproval = await approveThroughApi(await personToken('ana.lima'));
  assert.equal(anaApproval.status, 403);
  assert.equal(
    ((await anaApproval.json()) as { error: { message: string } }).error
      .message,
    outsiderReason,
  );

  // Two members of the board approve; the demo deployer then rolls it out.
  await approveAs('Ben Okafor', 'approved-by-ben.png', '1 of 2');
  await approveAs('Dana Kowalski', 'approved-by-dana.png', '2 of 2');

  const after = await releaseTabAs('Chen Wu', 'promoted-and-rolled-back.png');
  try {
    await after.prod
      .getByText(candidate, { exact: true })
      .waitFor({ timeout: 90_000 });
    assert.equal((await prodOf(chenToken)).current?.version, candidate);

    // Then Chen rolls prod back, and the stage is held.
    await after.prod.getByRole('button', { name: 'Roll back' }).click();
    const dialog = after.page.getByRole('dialog', { name: 'Roll back Prod' });
    await dialog
      .getByTestId('rollback-prod-target')
      .getByText(running)
      .waitFor();
    await expectAccessible(after.page, 'The rollback dialog');
    await dialog.getByLabel('Why').fill('Checkout errors after release');
    await dialog.getByLabel(`Type ${SERVICE} to confirm`).fill(SERVICE);
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await after.prod
      .getByTestId('hold-prod')
      .getByText(/rolled back by Chen Wu/)
      .waitFor({ timeout: 90_000 });
    await after.prod
      .getByText(running, { exact: true })
      .waitFor({ timeout: 90_000 });
  } finally {
    await after.close();
  }
  const rolledBack = await prodOf(chenToken);
  assert.equal(rolledBack.current?.version, running);
});

test('a rollback pre-empts a prod promotion still awaiting approval, and completes', async () => {
  // Shipping: also Team Fulfilment's, on the weekly train; untouched by the
  // test above.
  const service = 'shipping';
  const chenToken = await personToken('chen.wu');
  await waitForEntity(chenToken, 'component', service);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${backendUrl}/api/release-trains${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${chenToken}`,
        'Content-Type': 'application/json',
      },
    });
  const prodOfShipping = async () => {
    const pipeline = (await (
      await api(`/pipeline?service=${service}`)
    ).json()) as { stages: Stage[] };
    return pipeline.stages.find(s => s.stage === 'prod')!;
  };
  const before = await prodOfShipping();
  const running = before.current!.version;
  const candidate = before.waiting[0]?.version;
  assert.ok(candidate, 'the demo data has a version waiting to enter prod');

  const promotion = await api('/promotions', {
    method: 'POST',
    body: JSON.stringify({ service, version: candidate, stage: 'prod' }),
  });
  assert.equal(promotion.status, 201);
  const pending = (await promotion.json()) as { id: string; state: string };
  assert.equal(pending.state, 'awaiting-approval');

  const context = await portal.browser().newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  try {
    await signInAs(page, 'Chen Wu');
    await page.goto(
      `${frontendUrl}/catalog/default/component/${service}/release`,
    );
    const prod = page.getByTestId('stage-lane-prod');
    await prod
      .getByTestId('approval-prod')
      .getByText(`${candidate} awaits approval: 0 of 2`)
      .waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'A Release tab with an approval pending');

    await prod.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back Prod' });
    await dialog.getByLabel('Why').fill('Errors in label printing');
    await dialog.getByLabel(`Type ${service} to confirm`).fill(service);
    await dialog.getByRole('button', { name: 'Roll back' }).click();

    // The request awaiting approval is cancelled, saying why, and the
    // rollback runs to the end. The page hears of it by signal; once in a
    // CI run it did not within 90 s although the rollback had succeeded, so
    // a page that missed the signal is reloaded (the first test here sees its
    // own changes arrive live).
    const preEmpted = page
      .getByRole('row')
      .filter({ hasText: 'Pre-empted by rollback' })
      .filter({ hasText: 'cancelled' })
      .first();
    await preEmpted.waitFor({ timeout: 45_000 }).catch(async () => {
      await page.reload();
      await preEmpted.waitFor({ timeout: 45_000 });
    });
    await prod
      .getByTestId('hold-prod')
      .getByText(/rolled back by Chen Wu/)
      .waitFor({ timeout: 90_000 });
  } finally {
    await page.screenshot({
      path: join(outputDir, 'rollback-pre-empts-approval.png'),
      fullPage: true,
    });
    await context.close();
  }
  const cancelled = (await (
    await api(`/deployments/${pending.id}`)
  ).json()) as {
    state: string;
    reason: string;
  };
  assert.equal(cancelled.state, 'cancelled');
  assert.match(cancelled.reason, /^Pre-empted by rollback /);
  let after = await prodOfShipping();
  for (let i = 0; i < 60 && after.inFlight; i++) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    after = await prodOfShipping();
  }
  assert.equal(after.inFlight, undefined, 'the rollback finished');
  assert.notEqual(after.current?.version, running, 'prod went back');
});
