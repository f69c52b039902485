import { Config } from '@backstage/config';
import {
  DeploymentRequest,
  HealthSample,
} from '@release-trains/plugin-release-trains-node';
import { createHash } from 'node:crypto';

/**
 * A version whose canary misbehaves in the demo: its error rate is the
 * baseline's plus 3 percentage points once it has `fromWeight` percent of
 * the traffic or more (from the start when 0). Without `version`, every new
 * version of the service misbehaves.
 */
export type MisbehavingVersion = {
  service: string;
  version?: string;
  fromWeight: number;
};

/** How much more often a misbehaving canary fails than its baseline. */
export const MISBEHAVING_EXTRA_ERROR_RATE = 0.03;

const ENTITY_REF = /^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/;

/**
 * Reads `releaseTrains.deployers.demo.misbehaving`, failing start-up with the
 * offending key: not a list, an entry without a service entity ref, a
 * version that is not text, or a key it does not know.
 */
export function readMisbehaving(
  demo: Config | undefined,
  key = 'releaseTrains.deployers.demo.misbehaving',
): MisbehavingVersion[] {
  if (!demo?.has('misbehaving')) return [];
  const raw = demo.get('misbehaving');
  if (!Array.isArray(raw)) {
    throw new Error(
      `${key} must be a list of { service, version } entries, e.g. [{ service: component:default/recommendations, version: 1.2.0 }]`,
    );
  }
  return raw.map((entry, index) => {
    const entryKey = `${key}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(
        `${entryKey} must be an object with service and, optionally, version and fromWeight`,
      );
    }
    const { service, version, fromWeight, ...rest } = entry as Record<
      string,
      unknown
    >;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new Error(
        `${entryKey}: unknown key ${unknown.join(
          ', ',
        )}; an entry has service and, optionally, version and fromWeight`,
      );
    }
    if (typeof service !== 'string' || !ENTITY_REF.test(service)) {
      throw new Error(
        `${entryKey}.service must be an entity ref such as component:default/recommendations (found ${JSON.stringify(
          service,
        )})`,
      );
    }
    if (
      version !== undefined &&
      (typeof version !== 'string' || version.trim() === '')
    ) {
      throw new Error(
        `${entryKey}.version must be a version name such as 1.2.0, or left out for every version (found ${JSON.stringify(
          version,
        )})`,
      );
    }
    if (
      fromWeight !== undefined &&
      (typeof fromWeight !== 'number' ||
        !Number.isInteger(fromWeight) ||
        fromWeight < 0 ||
        fromWeight > 100)
    ) {
      throw new Error(
        `${entryKey}.fromWeight must be a whole percentage, 0 to 100 (found ${JSON.stringify(
          fromWeight,
        )})`,
      );
    }
    return {
      service: service.toLocaleLowerCase('en-US'),
      ...(version !== undefined && { version: version as string }),
      fromWeight: fromWeight ?? 0,
    };
  });
}

/**
 * Whether the new version of a deployment misbehaves as a canary with
 * `weight` percent of the traffic.
 */
export function misbehaves(
  misbehaving: MisbehavingVersion[],
  request: Pick<DeploymentRequest, 'service' | 'version' | 'kind'>,
  weight: number,
): boolean {
  // A rollback goes back to a version that ran there; it never misbehaves.
  if (request.kind === 'rollback') return false;
  const service = request.service.toLocaleLowerCase('en-US');
  return misbehaving.some(
    m =>
      m.service === service &&
      (m.version === undefined || m.version === request.version) &&
      weight >= m.fromWeight,
  );
}

/** A stable number in [-1, 1) for a deployment, a moment and a metric. */
function jitter(...parts: string[]): number {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  return (hash.readUInt32BE(0) / 2 ** 32) * 2 - 1;
}

/** Rounds to a number of decimals, so that reports read well. */
const round = (value: number, decimals: number) =>
  Number(value.toFixed(decimals));

/**
 * The health the demo measures for a deployment at a moment: healthy, an
 * error rate about 0.5 % (canary and baseline), p95 latency about 120 ms, a
 * passing health check and a burn rate about 1, each with a small jitter
 * that follows from the deployment and the moment (per 5 s) alone. A
 * misbehaving canary's error rate is the baseline's plus 3 points.
 */
export function demoHealthSamples(
  request: Pick<DeploymentRequest, 'deploymentId'>,
  options: { misbehaving: boolean; at: Date },
): HealthSample[] {
  const tick = String(Math.floor(options.at.getTime() / 5000));
  const j = (metric: string, side: string) =>
    jitter(request.deploymentId, tick, metric, side);
  const baselineErrors = round(0.005 + 0.0005 * j('error-rate', 'baseline'), 5);
  const canaryErrors = options.misbehaving
    ? round(baselineErrors + MISBEHAVING_EXTRA_ERROR_RATE, 5)
    : round(0.005 + 0.0005 * j('error-rate', 'canary'), 5);
  return [
    { check: 'error-rate', canary: canaryErrors, baseline: baselineErrors },
    {
      check: 'latency-p95',
      canary: round(120 + 8 * j('latency-p95', 'canary'), 1),
      baseline: round(120 + 8 * j('latency-p95', 'baseline'), 1),
    },
    { check: 'health-check', canary: 1, baseline: 1 },
    {
      check: 'burn-rate',
      canary: round(1 + 0.1 * j('burn-rate', 'canary'), 2),
      baseline: round(1 + 0.1 * j('burn-rate', 'baseline'), 2),
    },
  ];
}
