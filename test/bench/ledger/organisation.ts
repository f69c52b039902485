/*
 * The benchmark's organisation, one definition for the catalog the backend
 * reads and the rows the loader writes: 5,000 services in systems of ten
 * (the first twenty are shared platform services), each depending on one or
 * two others of its system and every third on a platform service, half of
 * the edges with a version requirement, a few of them violated; ten trains.
 * Deployments are skewed as in a real organisation: a few services carry
 * most of them, most carry few.
 */

export const SERVICES = 5_000;
export const TOTAL_DEPLOYMENTS = 10_000_000;
export const TOTAL_VERSIONS = 1_000_000;
export const PLATFORM_SERVICES = 20;
export const SYSTEM_SIZE = 10;
export const TRAINS = 10;
/** Every service has at least this many deployments; the rest are skewed. */
const BASE_DEPLOYMENTS = 400;
/** Zipf exponent of the skewed part: service i gets a share ∝ 1 / i^s. */
const SKEW = 1.0;

export const serviceName = (i: number) => `svc-${i}`;
export const serviceRef = (i: number) => `component:default/${serviceName(i)}`;
export const trainName = (t: number) => `train-${t}`;

export function systemOf(i: number): string {
  return i <= PLATFORM_SERVICES
    ? 'platform'
    : `system-${Math.floor((i - PLATFORM_SERVICES - 1) / SYSTEM_SIZE)}`;
}

/** Ten trains share the systems; the platform goes on its own schedule. */
export function trainOf(i: number): string | undefined {
  if (i <= PLATFORM_SERVICES) return undefined;
  return trainName(
    Math.floor((i - PLATFORM_SERVICES - 1) / SYSTEM_SIZE) % TRAINS,
  );
}

export type Dependency = { service: number; range?: string };

/**
 * What service `i` depends on: the next one or two of its system (so that
 * the graph has no cycles), every third service a platform service; every
 * other edge requires `^1.0.0` (the loaded versions are 1.0.x), one in a
 * hundred requires `>=2.0.0`, which nothing running satisfies.
 */
export function dependenciesOf(i: number): Dependency[] {
  if (i <= PLATFORM_SERVICES) return [];
  const position = (i - PLATFORM_SERVICES - 1) % SYSTEM_SIZE;
  const targets: number[] = [];
  if (position < SYSTEM_SIZE - 1) targets.push(i + 1);
  if (position < SYSTEM_SIZE - 2 && i % 2 === 0) targets.push(i + 2);
  if (i % 3 === 0) targets.push(1 + (i % PLATFORM_SERVICES));
  return targets.map((service, n) => {
    const edge = i * 7 + n;
    if (edge % 100 === 0) return { service, range: '>=2.0.0' };
    return edge % 2 === 0 ? { service, range: '^1.0.0' } : { service };
  });
}

const skewWeights = Array.from(
  { length: SERVICES },
  (_, n) => 1 / Math.pow(n + 1, SKEW),
);
const skewTotal = skewWeights.reduce((sum, weight) => sum + weight, 0);

/** How many deployments service `i` has: the totals add up to 10,000,000. */
export function deploymentsOf(i: number): number {
  const skewed = TOTAL_DEPLOYMENTS - BASE_DEPLOYMENTS * SERVICES;
  return (
    BASE_DEPLOYMENTS + Math.floor((skewed * skewWeights[i - 1]) / skewTotal)
  );
}

/** One version for every ten deployments: about 1,000,000 in all. */
export function versionsOf(i: number): number {
  return Math.max(
    1,
    Math.round((deploymentsOf(i) * TOTAL_VERSIONS) / TOTAL_DEPLOYMENTS),
  );
}

/** A catalog Component for service `i`, with its relations and annotations. */
export function serviceEntity(i: number) {
  const dependencies = dependenciesOf(i);
  const ranges = dependencies.filter(dependency => dependency.range);
  const train = trainOf(i);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: serviceName(i),
      namespace: 'default',
      annotations: {
        'release-trains/pipeline': 'default',
        ...(train && { 'release-trains/train': train }),
        ...(ranges.length > 0 && {
          'release-trains/requires': ranges
            .map(({ service, range }) => `${serviceName(service)}: '${range}'`)
            .join('\n'),
        }),
      },
    },
    spec: {
      type: 'service',
      owner: `team-${systemOf(i)}`,
      lifecycle: 'production',
      system: systemOf(i),
      dependsOn: dependencies.map(({ service }) => serviceRef(service)),
    },
    relations: dependencies.map(({ service }) => ({
      type: 'dependsOn',
      targetRef: serviceRef(service),
    })),
  };
}
