import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import {
  RELEASE_TRAINS_DELIVERY_HEADER,
  RELEASE_TRAINS_SIGNATURE_HEADER,
  RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS,
  verifyReleaseTrainsRequest,
} from '@release-trains/plugin-release-trains-node';
import { ReleaseService } from '../catalog/ServiceDirectory';

export const SIGNATURE_HEADER = RELEASE_TRAINS_SIGNATURE_HEADER;
export const SOURCE_HEADER = 'x-release-trains-source';
export const DELIVERY_HEADER = RELEASE_TRAINS_DELIVERY_HEADER;

/**
 * A CI system allowed to report builds and deployments: how it proves who
 * it is (a signature with its secret, or a Backstage service token with its
 * subject), and the services it may report for.
 */
export type IngestionSource = {
  name: string;
  secret?: string;
  /** The subject of its Backstage service token (a static token's `subject`). */
  subject?: string;
  /** Entity refs of services, owners (groups) and systems it reports for. */
  services: ReadonlySet<string>;
  owners: ReadonlySet<string>;
  systems: ReadonlySet<string>;
};

/** How CI reports are checked. */
export type IngestionSettings = {
  sources: ReadonlyMap<string, IngestionSource>;
  /** How far a signature's timestamp may be from the clock, in seconds. */
  signatureToleranceSeconds: number;
  /** How far in the future an event may be dated, in seconds. */
  maxClockSkewSeconds: number;
};

const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

function refsAt(
  config: Config,
  key: string,
  defaultKind: string,
  at: string,
): Set<string> {
  return new Set(
    (config.getOptionalStringArray(key) ?? []).map((value, index) => {
      try {
        return stringifyEntityRef(parseEntityRef(value, { defaultKind }));
      } catch {
        throw new InputError(
          `${at}.${key}[${index}]: '${value}' is not an entity ref`,
        );
      }
    }),
  );
}

/** A number of seconds from config, at least `min`. */
function seconds(
  config: Config | undefined,
  key: string,
  options: { fallback: number; min: number },
): number {
  const value = config?.getOptionalNumber(key) ?? options.fallback;
  if (!(value >= options.min) || !Number.isFinite(value)) {
    throw new InputError(
      `releaseTrains.ingestion.${key} must be a number of seconds, ${options.min} or more`,
    );
  }
  return value;
}

/**
 * Reads `releaseTrains.ingestion`: each CI source with its secret or token
 * subject and what it may report for, and the clock tolerances.
 */
export function readIngestionSettings(config: Config): IngestionSettings {
  const ingestion = config.getOptionalConfig('releaseTrains.ingestion');
  const sources = new Map<string, IngestionSource>();
  const subjects = new Map<string, string>();
  const sourcesConfig = ingestion?.getOptionalConfig('sources');
  for (const name of sourcesConfig?.keys() ?? []) {
    const at = `releaseTrains.ingestion.sources.${name}`;
    const source = sourcesConfig!.getConfig(name);
    const secret = source.getOptionalString('secret');
    const subject = source.getOptionalString('subject');
    if (secret !== undefined && secret.length < 16) {
      throw new InputError(`${at}.secret must be at least 16 characters`);
    }
    if (!secret && !subject) {
      throw new InputError(
        `${at} needs a secret (signed requests) or a subject (a service token's)`,
      );
    }
    if (subject) {
      if (subjects.has(subject)) {
        throw new InputError(
          `${at}.subject: '${subject}' is already the subject of source '${subjects.get(
            subject,
          )}'`,
        );
      }
      subjects.set(subject, name);
    }
    const scope = {
      services: refsAt(source, 'services', 'component', at),
      owners: refsAt(source, 'owners', 'group', at),
      systems: refsAt(source, 'systems', 'system', at),
    };
    if (
      scope.services.size + scope.owners.size + scope.systems.size === 0 &&
      !source.getOptionalBoolean('allServices')
    ) {
      throw new InputError(
        `${at} must list the services, owners or systems it reports for (or set allServices: true)`,
      );
    }
    sources.set(name, {
      name,
      ...(secret && { secret }),
      ...(subject && { subject }),
      ...(source.getOptionalBoolean('allServices')
        ? { services: new Set(['*']), owners: new Set(), systems: new Set() }
        : scope),
    });
  }
  return {
    sources,
    signatureToleranceSeconds: seconds(ingestion, 'signatureToleranceSeconds', {
      fallback: RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS,
      min: 1,
    }),
    maxClockSkewSeconds: seconds(ingestion, 'maxClockSkewSeconds', {
      fallback: DEFAULT_MAX_CLOCK_SKEW_SECONDS,
      min: 0,
    }),
  };
}

/**
 * The source whose secret signed the request, checking the signature over
 * timestamp, delivery id and raw body. Throws AuthenticationError (401)
 * saying what was wrong, never what the signature should have been.
 */
export function verifySignedDelivery(options: {
  settings: IngestionSettings;
  rawBody: Buffer | undefined;
  sourceName: string | undefined;
  deliveryId: string | undefined;
  signature: string;
  now?: Date;
}): IngestionSource {
  const { settings, rawBody, sourceName } = options;
  const source = sourceName ? settings.sources.get(sourceName) : undefined;
  if (!rawBody || !source?.secret) {
    throw new AuthenticationError('Unknown or missing signature source');
  }
  const check = verifyReleaseTrainsRequest({
    body: rawBody,
    deliveryId: options.deliveryId,
    signature: options.signature,
    secret: source.secret,
    toleranceSeconds: settings.signatureToleranceSeconds,
    now: options.now,
  });
  if (!check.valid) {
    throw new AuthenticationError(check.reason);
  }
  return source;
}

/** The source a Backstage service token's subject reports as; 403 for none. */
export function sourceOfSubject(
  settings: IngestionSettings,
  subject: string,
): IngestionSource {
  const source = [...settings.sources.values()].find(
    s => s.subject === subject,
  );
  if (!source) {
    throw new NotAllowedError(
      `${subject} is not a CI source (releaseTrains.ingestion.sources.<name>.subject)`,
    );
  }
  return source;
}

/** A service's system as a full entity ref, in the service's namespace. */
function systemRef(service: ReleaseService): string | undefined {
  if (!service.system) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(service.system, {
        defaultKind: 'system',
        defaultNamespace: parseEntityRef(service.ref).namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The CI source a service principal reports as, allowed to report for the
 * service; 403 otherwise. People report through the permission policy.
 */
export function assertSourceReportsFor(
  settings: IngestionSettings,
  subject: string,
  service: ReleaseService,
): void {
  assertReportsFor(sourceOfSubject(settings, subject), service);
}

/** 403 unless the source may report builds and deployments of the service. */
export function assertReportsFor(
  source: IngestionSource,
  service: ReleaseService,
): void {
  if (!reportsFor(source, service)) {
    throw new NotAllowedError(
      `Source '${source.name}' may not report for ${service.ref} (releaseTrains.ingestion.sources.${source.name} lists what it reports for)`,
    );
  }
}

/** Whether the source may report builds and deployments of the service. */
export function reportsFor(
  source: IngestionSource,
  service: ReleaseService,
): boolean {
  const system = systemRef(service);
  return (
    source.services.has('*') ||
    source.services.has(service.ref) ||
    (service.owner !== undefined && source.owners.has(service.owner)) ||
    (system !== undefined && source.systems.has(system))
  );
}
