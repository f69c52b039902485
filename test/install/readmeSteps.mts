/*
 * The install steps a package's README gives, read from its fenced code
 * blocks by their titles, so the install test follows the README and fails
 * when a step is missing or wrong:
 *
 *   ```bash title="From your Backstage root directory"   yarn --cwd <workspace> add <packages>
 *   ```ts title="packages/backend/src/index.ts"           statements to add before backend.start();
 *                                                          one after a highlight-remove-next-line
 *                                                          comment is removed instead
 *   ```yaml title="app-config.yaml"                        configuration to merge
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type InstallCommand = { workspace: string; packages: string[] };

export type InstallSteps = {
  commands: InstallCommand[];
  backendIndex: { add: string[]; remove: string[] };
  config: Record<string, unknown>[];
};

const ROOT_DIRECTORY = 'From your Backstage root directory';
const BACKEND_INDEX = 'packages/backend/src/index.ts';
const APP_CONFIG = 'app-config.yaml';

function codeBlocks(markdown: string) {
  const fence = /^```(\w+)(?: title="([^"]*)")?\n([\s\S]*?)^```$/gm;
  return [...markdown.matchAll(fence)].map(([, language, title, body]) => ({
    language,
    title,
    body,
  }));
}

function parseCommand(line: string): InstallCommand {
  const match = /^yarn --cwd (packages\/[\w-]+) add((?: [@\w./-]+)+)$/.exec(
    line,
  );
  if (!match) {
    throw new Error(`Not an install command the test knows: ${line}`);
  }
  return { workspace: match[1], packages: match[2].trim().split(' ') };
}

/** Top-level statements of a snippet; comments other than markers dropped. */
function statements(source: string): { text: string; remove: boolean }[] {
  const result: { text: string; remove: boolean }[] = [];
  let current: string[] = [];
  let remove = false;
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '/* highlight-remove-next-line */') {
      remove = true;
    } else if (trimmed.startsWith('//') || trimmed.startsWith('/*')) {
      continue;
    } else if (trimmed !== '') {
      current.push(line);
      if (trimmed.endsWith(';') && /^\S/.test(line)) {
        result.push({ text: current.join('\n'), remove });
        current = [];
        remove = false;
      }
    }
  }
  if (current.length > 0) {
    throw new Error(`Unterminated statement in ${BACKEND_INDEX}: ${current}`);
  }
  return result;
}

export function installSteps(readme: string): InstallSteps {
  const steps: InstallSteps = {
    commands: [],
    backendIndex: { add: [], remove: [] },
    config: [],
  };
  for (const block of codeBlocks(readme)) {
    if (block.title === ROOT_DIRECTORY) {
      for (const line of block.body.split('\n').filter(Boolean)) {
        steps.commands.push(parseCommand(line.trim()));
      }
    } else if (block.title === BACKEND_INDEX) {
      for (const { text, remove } of statements(block.body)) {
        (remove ? steps.backendIndex.remove : steps.backendIndex.add).push(
          text,
        );
      }
    } else if (block.title === APP_CONFIG && block.language === 'yaml') {
      steps.config.push(parse(block.body));
    }
  }
  return steps;
}

/** Whitespace-insensitive pattern of a statement, to find it in a file. */
function statementPattern(statement: string): RegExp {
  const characters = statement.replace(/\s+/g, '').split('');
  const escaped = characters.map(char =>
    char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(escaped.join('\\s*'));
}

/**
 * Does to an app what the steps say: adds the packages at `version` to the
 * workspaces' package.json (yarn add, less the install), edits the backend's
 * index.ts.
 */
export function applyInstallSteps(
  appDir: string,
  steps: InstallSteps,
  versionOf: (name: string) => string,
): void {
  for (const { workspace, packages } of steps.commands) {
    const file = join(appDir, workspace, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    for (const name of packages) {
      manifest.dependencies[name] = `^${versionOf(name)}`;
    }
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const indexFile = join(appDir, BACKEND_INDEX);
  let index = readFileSync(indexFile, 'utf8');
  for (const statement of steps.backendIndex.remove) {
    const pattern = statementPattern(statement);
    if (!pattern.test(index)) {
      throw new Error(`${BACKEND_INDEX} has no ${statement}`);
    }
    index = index.replace(pattern, '');
  }
  if (steps.backendIndex.add.length > 0) {
    if (!index.includes('backend.start();')) {
      throw new Error(`${BACKEND_INDEX} has no backend.start();`);
    }
    index = index.replace(
      'backend.start();',
      `${steps.backendIndex.add.join('\n')}\n\nbackend.start();`,
    );
  }
  writeFileSync(indexFile, index);
}

/** Deep merge of configuration objects, later ones winning. */
export function mergeConfig(
  ...configs: Record<string, unknown>[]
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      const existing = merged[key];
      merged[key] =
        isObject(existing) && isObject(value)
          ? mergeConfig(existing, value)
          : value;
    }
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
