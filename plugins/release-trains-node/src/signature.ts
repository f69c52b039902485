import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Header carrying the signature of a request body: `sha256=<hex HMAC-SHA256>`.
 * Used both ways: by CI sources calling the backend, and by the webhook
 * deployer calling a deployment system.
 *
 * @public
 */
export const RELEASE_TRAINS_SIGNATURE_HEADER = 'x-release-trains-signature';

/**
 * Header naming the delivery: a retried request carries the same one.
 *
 * @public
 */
export const RELEASE_TRAINS_DELIVERY_HEADER = 'x-release-trains-delivery';

/**
 * Signs a body with a shared secret: `sha256=<hex HMAC-SHA256>`.
 *
 * @public
 */
export function signReleaseTrainsBody(
  body: Buffer | string,
  secret: string,
): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether `signature` is the signature of `body` with `secret`, compared in
 * constant time.
 *
 * @public
 */
export function isReleaseTrainsSignatureValid(
  body: Buffer | string,
  signature: string | undefined,
  secret: string,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signReleaseTrainsBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
