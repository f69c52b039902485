import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  backendUrl,
  frontendUrl,
  guestToken,
  outputDir,
  signInAsGuest,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

const portal = usePortalAndBrowser();

const checkout = 'component:default/checkout';
const payments = 'component:default/payments';
const requirementEdge = `[data-edge="${checkout} → ${payments}"]`;

type Edge = { from: string; to: string; verdict: string; reason: string };

/** The demo's checkout → payments edge in a stage, once the catalog sync has brought it. */
async function demoEdge(stage: string, token: string): Promise<Edge> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(
      `${backendUrl}/api/release-trains/graph?stage=${stage}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    assert.equal(response.status, 200);
    const graph = (await response.json()) as { edges: Edge[] };
    const edge = graph.edges.find(
      e => e.from === checkout && e.to === payments,
    );
    if (edge?.verdict !== 'unknown' && edge) return edge;
    if (Date.now() > deadline) {
      throw new Error(`No requirement of checkout on payments in ${stage}`);
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

test('the demo’s violated requirement shows in the graph and the table, and a blocked promotion links to it', async t => {
  const token = await guestToken();
  // The demo data: payments 1.2.3 is in staging, not yet in prod.
  assert.equal((await demoEdge('staging', token)).verdict, 'satisfied');
  const inProd = await demoEdge('prod', token);
  assert.equal(inProd.verdict, 'violated');
  assert.equal(
    inProd.reason,
    'component:default/payments >=1.2.3 <2 required, prod runs 1.2.2',
  );

  const page = await portal.newPage(t, 'dependency-graph.png');
  await signInAsGuest(page);

  // The organisation's graph on the plugin page opens on the last stage.
  await page.goto(`${frontendUrl}/release-trains`);
  const graph = page.locator('#dependency-graph');
  await graph
    .getByRole('figure', { name: /^Dependency graph in prod/ })
    .waitFor({ timeout: 60_000 });
  const edge = graph.locator(requirementEdge);
  assert.equal(await edge.getAttribute('data-verdict'), 'violated');
  // Not by colour alone: dashed, and marked with what is needed.
  assert.equal(
    await edge.locator('[data-mark]').textContent(),
    '✗ needs >=1.2.3 <2',
  );
  assert.equal(
    await edge.locator('path').first().getAttribute('data-line'),
    'dashed',
  );
  // The mouse on the middle of the line.
  await graph.getByRole('figure').scrollIntoViewIfNeeded();
  const middle = await edge
    .locator('path')
    .last()
    .evaluate((path: SVGPathElement) => {
      const point = path.getPointAtLength(path.getTotalLength() / 2);
      const screen = point.matrixTransform(path.getScreenCTM()!);
      return { x: screen.x, y: screen.y };
    });
  await page.mouse.move(middle.x, middle.y);
  const tooltip = graph.getByRole('tooltip');
  await tooltip.waitFor();
  assert.match(await tooltip.innerText(), /Required: >=1\.2\.3 <2/);
  assert.match(await tooltip.innerText(), /Running in prod: 1\.2\.2/);
  assert.match(await tooltip.innerText(), /Violated/);

  await graph.screenshot({
    path: join(outputDir, 'dependency-graph-organisation.png'),
  });
  await expectAccessible(page, 'The Release Trains page');

  // The same in the table.
  await graph.getByRole('button', { name: 'Table' }).click();
  const row = graph.getByRole('row').filter({ hasText: '>=1.2.3 <2' });
  await row.waitFor();
  assert.match(
    await row.innerText(),
    /checkout\s+payments\s+>=1\.2\.3 <2\s+1\.2\.2\s+✗\s+Violated/,
  );
  await expectAccessible(page, 'The dependency table');

  // checkout's promotion into prod is blocked by it, and links to the edge.
  await page.goto(`${frontendUrl}/catalog/default/component/checkout/release`);
  const prodLane = page.getByTestId('stage-lane-prod');
  const link = prodLane.getByRole('link', {
    name: 'See the requirement in the dependency graph',
  });
  await link.waitFor({ timeout: 60_000 });
  await link.click();
  await page.waitForURL(url => url.searchParams.get('graphTo') === payments);
  const highlighted = page.locator(`#dependency-graph ${requirementEdge}`);
  await highlighted.waitFor();
  assert.equal(await highlighted.getAttribute('data-highlighted'), 'true');
  assert.equal(await highlighted.getAttribute('data-verdict'), 'violated');
  await expectAccessible(page, 'The Release tab of a blocked service');

  // A service in the graph leads to its Release tab.
  await page
    .locator(`#dependency-graph [data-service="${payments}"]`)
    .click({ force: true });
  await page.waitForURL(url =>
    url.pathname.endsWith('/catalog/default/component/payments/release'),
  );
  // There, payments' neighbourhood, in the stage the graph showed.
  await page
    .locator('#dependency-graph')
    .getByRole('figure', { name: /^Dependency graph in prod/ })
    .waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'A neighbourhood’s graph on the Release tab');
});
