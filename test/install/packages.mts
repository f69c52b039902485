/*
 * The packages this repository publishes, and how they are built and packed
 * as a registry would receive them. Shared by the pack and install tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const yarnRelease = join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs');

export type PackageManifest = {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  configSchema?: string;
  files?: string[];
  backstage?: { role: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

export type PublishablePackage = {
  dir: string;
  manifest: PackageManifest;
  readme: string;
};

/** Every package under plugins/ that is not private. */
export function publishablePackages(): PublishablePackage[] {
  const plugins = join(repoRoot, 'plugins');
  return readdirSync(plugins, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => join(plugins, entry.name))
    .map(dir => ({
      dir,
      manifest: JSON.parse(
        readFileSync(join(dir, 'package.json'), 'utf8'),
      ) as PackageManifest,
      readme: readFileSync(join(dir, 'README.md'), 'utf8'),
    }))
    .filter(pkg => !pkg.manifest.private);
}

/** Runs yarn (the repository's release) and returns what it printed. */
export function yarn(args: string[], cwd = repoRoot): string {
  return execFileSync(process.execPath, [yarnRelease, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs `fn`, printing how long it took under `name`. */
export async function timed<T>(name: string, fn: () => T | Promise<T>) {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`# ${name}: ${seconds} s`);
  }
}

/** Tarball file name for a package, as `yarn pack` would write it. */
export function tarballName(manifest: PackageManifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${
    manifest.version
  }.tgz`;
}

/**
 * Compiles the declarations, builds every publishable package and packs each
 * with `yarn pack` (which runs `backstage-cli package prepack`, and turns
 * `workspace:` ranges into versions) into `outDir`. Returns the tarballs by
 * package name.
 */
export async function packPackages(
  outDir: string,
): Promise<Map<string, string>> {
  mkdirSync(outDir, { recursive: true });
  await timed('compile declarations (yarn tsc)', () => yarn(['tsc']));
  await timed('build packages (backstage-cli repo build)', () =>
    yarn(['backstage-cli', 'repo', 'build']),
  );
  const tarballs = new Map<string, string>();
  await timed('pack packages (yarn pack)', () => {
    for (const { dir, manifest } of publishablePackages()) {
      const tarball = join(outDir, tarballName(manifest));
      yarn(['pack', '--out', tarball], dir);
      tarballs.set(manifest.name, tarball);
    }
  });
  return tarballs;
}
