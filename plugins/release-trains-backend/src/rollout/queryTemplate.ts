import { InputError } from '@backstage/errors';

/** What a metric query may name: the roll-out it measures. */
export type QueryVariables = {
  service: string;
  version: string;
  baselineVersion: string;
  stage: string;
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const NAMES: ReadonlySet<string> = new Set([
  'service',
  'version',
  'baselineVersion',
  'stage',
]);

/**
 * Checks a query template when the config is read: every `{{name}}` must
 * be one the roll-out fills in, so that a typo fails at start, not in the
 * middle of a canary.
 */
export function checkQueryTemplate(template: string, key: string): string {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!NAMES.has(name)) {
      throw new InputError(
        `${key}: unknown placeholder {{${name}}}; use ${[...NAMES]
          .map(n => `{{${n}}}`)
          .join(', ')}`,
      );
    }
  }
  return template;
}

/**
 * Fills a query template in. Values go inside double-quoted PromQL string
 * literals (`{service="{{service}}"}`), so double quotes, backslashes and
 * line breaks are escaped: a value can never end the literal and change
 * the query.
 */
export function renderQuery(
  template: string,
  variables: QueryVariables,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = variables[name as keyof QueryVariables];
    if (value === undefined) {
      throw new InputError(`Unknown placeholder {{${name}}}`);
    }
    return value
      .replaceAll('\\', '\\\\')
      .replaceAll('"', '\\"')
      .replaceAll('\n', '\\n');
  });
}
