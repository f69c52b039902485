/*
 * What each published package holds: built code with its types, its config
 * schema and README, and nothing else — no tests, no dev set-up, no demo,
 * no source maps that point outside it — and a README whose install lines
 * name the package itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { installSteps } from './readmeSteps.mts';
import { packPackages, publishablePackages } from './packages.mts';
import type { PackageManifest } from './packages.mts';

const packages = publishablePackages();
const workDir = mkdtempSync(join(tmpdir(), 'rt-pack-'));
let tarballs = new Map<string, string>();

before(async () => {
  tarballs = await packPackages(workDir);
});
after(() => rmSync(workDir, { recursive: true, force: true }));

/** Paths no package may ship. */
const FORBIDDEN = [
  { pattern: /(^|\/)src\//, why: 'sources' },
  { pattern: /\.test\.[cm]?[jt]sx?(\.map)?$/, why: 'a test' },
  {
    pattern: /(^|\/)(__testUtils__|__fixtures__|__mocks__)\//,
    why: 'test set-up',
  },
  { pattern: /setupTests/, why: 'test set-up' },
  { pattern: /(^|\/)dev\//, why: 'the dev set-up' },
  { pattern: /demo/i, why: 'demo data' },
  { pattern: /(^|\/)(examples|test|tests)\//, why: 'examples or tests' },
];

function checkPaths(name: string, paths: string[]) {
  for (const path of paths) {
    for (const { pattern, why } of FORBIDDEN) {
      assert.doesNotMatch(path, pattern, `${name} ships ${why}: ${path}`);
    }
  }
}

/**
 * `npm pack --dry-run` as a publisher would run it in the package: its
 * prepack script points the manifest at dist/ first.
 */
function npmPackListing(dir: string): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [result] = JSON.parse(output) as { files: { path: string }[] }[];
  return result.files.map(file => file.path);
}

function tarballListing(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(line => line.endsWith('/') === false && line !== '')
    .map(line => line.replace(/^package\//, ''));
}

function readFromTarball(tarball: string, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The files the manifest's entry points name, with their types. */
function entryPoints(manifest: PackageManifest): string[] {
  // The `backstage` condition names what an entry point exports, no file.
  const targets = (value: unknown): string[] =>
    typeof value === 'string'
      ? [normalize(value)]
      : Object.entries(value ?? {})
          .filter(([condition]) => condition !== 'backstage')
          .flatMap(([, target]) => targets(target));
  return targets([manifest.main, manifest.types, manifest.exports]);
}

for (const { dir, manifest, readme } of packages) {
  test(`npm pack --dry-run of ${manifest.name} lists only what it should`, () => {
    const paths = npmPackListing(dir);
    checkPaths(manifest.name, paths);
    assert.ok(paths.includes('README.md'), 'README.md');
    assert.ok(paths.includes('package.json'), 'package.json');
    assert.ok(
      paths.some(path => path.startsWith('dist/')),
      'built code under dist/',
    );
  });

  test(`the tarball of ${manifest.name} has its types, entry points and schema, and self-contained source maps`, () => {
    const tarball = tarballs.get(manifest.name)!;
    const paths = tarballListing(tarball);
    checkPaths(manifest.name, paths);
    const packed = JSON.parse(
      readFromTarball(tarball, 'package.json'),
    ) as PackageManifest;

    assert.ok(!packed.private, 'not private');
    for (const entry of entryPoints(packed)) {
      if (entry === 'package.json') continue;
      assert.ok(paths.includes(entry), `entry point ${entry} is shipped`);
    }
    assert.ok(
      paths.includes('dist/index.d.ts'),
      'the types of the main entry point',
    );
    assert.equal(
      normalize(packed.types ?? ''),
      'dist/index.d.ts',
      'the manifest names those types',
    );
    if (packed.configSchema) {
      assert.ok(paths.includes(packed.configSchema), 'the config schema');
    }
    for (const [dependency, range] of Object.entries({
      ...packed.dependencies,
      ...packed.peerDependencies,
    })) {
      assert.doesNotMatch(
        range,
        /^(workspace|link|file|portal):/,
        `${dependency} is a published range`,
      );
    }

    for (const map of paths.filter(path => path.endsWith('.map'))) {
      const sourceMap = JSON.parse(readFromTarball(tarball, map)) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      for (const source of sourceMap.sources) {
        const resolved = normalize(join(dirname(map), source));
        assert.ok(
          !resolved.startsWith('..') && !resolved.startsWith('/'),
          `${map} points outside the package: ${source}`,
        );
      }
      assert.equal(
        sourceMap.sourcesContent?.filter(content => content !== null).length,
        sourceMap.sources.length,
        `${map} carries the sources it maps to`,
      );
    }
  });

  test(`the README of ${manifest.name} installs the package itself`, () => {
    const { commands, backendIndex } = installSteps(readme);
    const role = manifest.backstage?.role ?? '';
    if (role === 'common-library' || role === 'node-library') {
      // Installed along with the plugins that need them.
      assert.equal(commands.length, 0);
      return;
    }
    assert.ok(
      commands.some(command => command.packages.includes(manifest.name)),
      `a yarn add of ${manifest.name}`,
    );
    if (role.startsWith('backend')) {
      assert.ok(
        backendIndex.add.some(statement =>
          statement.includes(`'${manifest.name}'`),
        ),
        `backend.add(import('${manifest.name}'))`,
      );
    }
  });
}

test('the packages that build on one another depend on published versions of each other', () => {
  const versions = new Map(
    packages.map(({ manifest }) => [manifest.name, manifest.version]),
  );
  for (const { manifest } of packages) {
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@release-trains/')) {
        assert.ok(
          versions.has(dependency),
          `${manifest.name} depends on ${dependency}, which is not published`,
        );
      }
    }
  }
});
