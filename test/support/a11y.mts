/*
 * Accessibility check for the browser tests: axe-core, injected into the
 * page, with the WCAG 2.0 and 2.1 A and AA rules. Serious and critical
 * violations fail the test with what to fix and where.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A rule not held against the elements a selector matches, and why. */
export type Exclusion = { rule: string; selector: string; why: string };

/**
 * Backstage's own components (not this repository's) with a violation we
 * cannot fix here: one rule, on the elements that have it, each.
 */
const BACKSTAGE_EXCLUSIONS: Exclusion[] = [
  {
    rule: 'nested-interactive',
    selector: '[id^="viewDetail-template:"]',
    why: "the scaffolder's template card puts its title link inside the details button",
  },
  {
    rule: 'link-name',
    selector: '[id^="viewDetail-template:"] a',
    why: "the scaffolder's template card puts its title link inside the details button",
  },
  {
    rule: 'label-content-name-mismatch',
    selector: 'nav a[href$="/notifications"]',
    why: "NotificationsSidebarItem's unread count is not part of its aria-label",
  },
  ...[
    'color-contrast',
    'button-name',
    'aria-required-children',
    'aria-required-parent',
  ].map(rule => ({
    rule,
    selector: '[class*="BackstageLogViewer-"]',
    why: "the scaffolder task's LogViewer: pale ANSI colours, line-number links in a list without list items, a filter button without a name",
  })),
  {
    rule: 'aria-progressbar-name',
    selector: '[class*="MuiLinearProgress-root"][aria-valuenow="100"]',
    why: "the scaffolder task's finished progress bar has no name",
  },
  {
    rule: 'aria-valid-attr-value',
    selector: '.bui-Tab',
    why: "Backstage UI's header tabs point aria-controls at a panel they do not render",
  },
];

type AxeNode = { target: unknown[]; failureSummary?: string };
type AxeViolation = {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
};

export type AccessibilityOptions = {
  /** Rules not to hold against some elements, each with its reason. */
  exclude?: Exclusion[];
};

/** The violations axe finds on the page as it is now, serious or critical. */
export async function axeViolations(
  page: Page,
  options: AccessibilityOptions = {},
): Promise<AxeViolation[]> {
  // The page as it settles: what is still loading is not judged yet.
  await page
    .locator('[role="progressbar"]:not([aria-valuenow="100"])')
    .first()
    .waitFor({ state: 'detached', timeout: 20_000 })
    .catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Colours as they end, not halfway through a transition (for the rest
    // of the page's life: a navigation loads it afresh).
    await page.addStyleTag({
      content:
        '*, *::before, *::after { transition: none !important; animation: none !important; }',
    });
    await page.addScriptTag({ content: axeSource });
  }
  const excluded = [...BACKSTAGE_EXCLUSIONS, ...(options.exclude ?? [])].map(
    ({ rule, selector }) => ({ rule, selector }),
  );
  const violations = (await page.evaluate(
    async ({ tags, exclusions }) => {
      const axe = (window as any).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      // An element is excluded from a rule when it, or an element around
      // it, matches one of the rule's selectors.
      const isExcluded = (rule: string, target: unknown[]) => {
        const selector = target[target.length - 1];
        const element =
          typeof selector === 'string'
            ? document.querySelector(selector)
            : null;
        return exclusions.some(
          (e: { rule: string; selector: string }) =>
            e.rule === rule && element?.closest(e.selector),
        );
      };
      return result.violations
        .map((v: AxeViolation) => ({
          ...v,
          nodes: v.nodes.filter(n => !isExcluded(v.id, n.target)),
        }))
        .filter((v: AxeViolation) => v.nodes.length > 0);
    },
    { tags: WCAG_TAGS, exclusions: excluded },
  )) as AxeViolation[];
  return violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
}

/** One line per rule, then the elements it failed on. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(v =>
      [
        `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
        ...v.nodes
          .slice(0, 10)
          .map(
            n =>
              `    ${n.target.join(' ')}${
                n.failureSummary
                  ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`
                  : ''
              }`,
          ),
        ...(v.nodes.length > 10
          ? [`    … and ${v.nodes.length - 10} more`]
          : []),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Fails when the page, as it is now, has a serious or critical WCAG 2.1 AA
 * violation; `name` says which page in the message.
 */
export async function expectAccessible(
  page: Page,
  name: string,
  options?: AccessibilityOptions,
): Promise<void> {
  const violations = await axeViolations(page, options);
  assert.equal(
    violations.length,
    0,
    `${name} (${page.url()}) has accessibility violations:\n${describeViolations(
      violations,
    )}`,
  );
}
