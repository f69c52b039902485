import {
  ImportedDeployment,
  ImportedVersion,
} from '@release-trains/plugin-release-trains-node';
import { createHash } from 'node:crypto';

/**
 * The services of the bundled demo catalog (`examples/entities.yaml`), by
 * the train each rides there.
 */
export const DEMO_TRAINS = {
  express: [
    'payments',
    'checkout',
    'cart',
    'orders',
    'pricing',
    'auth-gateway',
  ],
  weekly: [
    'inventory',
    'shipping',
    'product-catalog',
    'search-api',
    'recommendations',
    'notifications-service',
  ],
} as const;

/** The services of the bundled demo catalog. */
export const DEMO_SERVICES = [
  'payments',
  'checkout',
  'cart',
  'orders',
  'inventory',
  'shipping',
  'pricing',
  'product-catalog',
  'search-api',
  'recommendations',
  'notifications-service',
  'auth-gateway',
] as const;

export const DEMO_PEOPLE = [
  'ana.lima',
  'ben.okafor',
  'chen.wu',
  'dana.kowalski',
];

export const CHANGE_TITLES = [
  'Retry transient database errors',
  'Add request tracing headers',
  'Speed up the health check',
  'Fix rounding of totals',
  'Upgrade the HTTP client',
  'Log slow queries',
  'Validate input before saving',
  'Cache the feature flags',
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Small deterministic generator so every demo start shows the same history. */
export function randomSequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export const sha = (text: string) =>
  createHash('sha1').update(text).digest('hex');

/** A demo deploy history: versions with their changes, and deployments. */
export type DemoHistory = {
  versions: ImportedVersion[];
  deployments: ImportedDeployment[];
};

/**
 * About ninety days of history per demo service: each version is built with
 * a few changes, reaches the first stage, and goes on to the next ones hours
 * to days later; the newest versions have not reached the later stages yet.
 */
export function buildDemoHistory(stages: string[], now: Date): DemoHistory {
  const history: DemoHistory = { versions: [], deployments: [] };
  let pr = 100;
  DEMO_SERVICES.forEach((name, serviceIndex) => {
    const random = randomSequence(serviceIndex + 1);
    const pick = <T>(items: readonly T[]) =>
      items[Math.floor(random() * items.length)];
    const service = `component:default/${name}`;
    const issuePrefix = name.slice(0, 3).toUpperCase();
    const versionCount = 8 + Math.floor(random() * 10);
    const start = now.getTime() - 90 * DAY;
    const spacing = (88 * DAY) / versionCount;
    const major = 1 + (serviceIndex % 3);
    for (let v = 0; v < versionCount; v++) {
      const version = `${major}.${Math.floor(v / 4)}.${v % 4}`;
      const builtAt = start + v * spacing;
      const changeCount = 1 + Math.floor(random() * 3);
      const firstPr = pr + 1;
      pr += changeCount;
      const changes = Array.from({ length: changeCount }, (_, c) => ({
        commitSha: sha(`${name}-${version}-${c}`),
        prNumber: firstPr + c,
        title: pick(CHANGE_TITLES),
        author: pick(DEMO_PEOPLE),
        mergedAt: new Date(builtAt - (c + 1) * HOUR).toISOString(),
        issueKeys: [`${issuePrefix}-${firstPr + c}`],
      }));
      history.versions.push({
        service,
        version,
        commitSha: changes[changes.length - 1].commitSha,
        artifact: `registry.example.com/${name}@sha256:${sha(version + name)}`,
        builtAt: new Date(builtAt),
        changes,
      });

      // The newest version is only in the first stage, the one before it has
      // also reached the second: so each stage shows a different version.
      const reach =
        stages.length - Math.max(0, v - (versionCount - stages.length));
      let at = builtAt + random() * HOUR;
      stages.slice(0, reach).forEach((stage, stageIndex) => {
        at += stageIndex === 0 ? 0 : (2 + random() * 30) * HOUR;
        history.deployments.push({
          service,
          stage,
          version,
          kind: stageIndex === 0 ? 'deploy' : 'promote',
          createdBy: `user:default/${pick(DEMO_PEOPLE)}`,
          createdAt: new Date(Math.min(at, now.getTime() - HOUR)),
        });
      });
    }
  });
  return history;
}
