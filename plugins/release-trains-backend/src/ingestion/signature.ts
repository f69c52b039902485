import { Config } from '@backstage/config';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  isReleaseTrainsSignatureValid,
  RELEASE_TRAINS_DELIVERY_HEADER,
  RELEASE_TRAINS_SIGNATURE_HEADER,
  signReleaseTrainsBody,
} from '@internal/backstage-plugin-release-trains-node';

export const SIGNATURE_HEADER = RELEASE_TRAINS_SIGNATURE_HEADER;
export const SOURCE_HEADER = 'x-release-trains-source';
export const DELIVERY_HEADER = RELEASE_TRAINS_DELIVERY_HEADER;

/** Signs a body the way CI sources must: `sha256=<hex HMAC-SHA256>`. */
export const signBody = signReleaseTrainsBody;

/** Reads `releaseTrains.ingestion.sources`: each CI source's secret. */
export function readIngestionSecrets(config: Config): Map<string, string> {
  const sources = config.getOptionalConfig('releaseTrains.ingestion.sources');
  const secrets = new Map<string, string>();
  for (const name of sources?.keys() ?? []) {
    const secret = sources!.getString(`${name}.secret`);
    if (secret.length < 16) {
      throw new InputError(
        `releaseTrains.ingestion.sources.${name}.secret must be at least 16 characters`,
      );
    }
    secrets.set(name, secret);
  }
  return secrets;
}

/**
 * Checks an HMAC signature of the raw body against the named source's
 * secret, in constant time. Throws AuthenticationError without saying which
 * part was wrong.
 */
export function verifySignature(options: {
  rawBody: Buffer | undefined;
  source: string | undefined;
  signature: string;
  secrets: ReadonlyMap<string, string>;
}): string {
  const { rawBody, source, signature, secrets } = options;
  const secret = source ? secrets.get(source) : undefined;
  if (!rawBody || !source || !secret) {
    throw new AuthenticationError('Unknown or missing signature source');
  }
  if (!isReleaseTrainsSignatureValid(rawBody, signature, secret)) {
    throw new AuthenticationError('Signature does not match the body');
  }
  return source;
}
