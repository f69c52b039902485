import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Header carrying the signature of a request:
 * `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">`.
 * Used both ways: by CI sources calling the backend, and by the webhook
 * deployer calling a deployment system (and its callbacks).
 *
 * @public
 */
export const RELEASE_TRAINS_SIGNATURE_HEADER = 'x-release-trains-signature';

/**
 * Header naming the delivery: a retried request carries the same one. The
 * signature covers it, so a signed body cannot be replayed under another.
 *
 * @public
 */
export const RELEASE_TRAINS_DELIVERY_HEADER = 'x-release-trains-delivery';

/**
 * What a delivery id may be made of: letters, digits and `._:-`. None of
 * them starts a JSON body, so `<t>.<delivery id>.<body>` reads one way only.
 *
 * @public
 */
export const RELEASE_TRAINS_DELIVERY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;

/**
 * How far, by default, a signature's timestamp may be from the receiver's
 * clock, either way: five minutes.
 *
 * @public
 */
export const RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS = 300;

const SIGNATURE_PATTERN = /^t=(\d{1,12}),sha256=([0-9a-f]{64})$/;

function hmac(
  secret: string,
  timestamp: string,
  deliveryId: string,
  body: Buffer | string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.${deliveryId}.`)
    .update(body)
    .digest('hex');
}

/**
 * Signs a request with a shared secret:
 * `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">`.
 *
 * @public
 */
export function signReleaseTrainsRequest(options: {
  body: Buffer | string;
  deliveryId: string;
  secret: string;
  now?: Date;
}): string {
  const timestamp = String(
    Math.floor((options.now ?? new Date()).getTime() / 1000),
  );
  return `t=${timestamp},sha256=${hmac(
    options.secret,
    timestamp,
    options.deliveryId,
    options.body,
  )}`;
}

/**
 * What a signature check found: valid, or why not, in words safe to answer
 * with (they never say what the right signature would be).
 *
 * @public
 */
export type ReleaseTrainsSignatureCheck =
  | { valid: true }
  | { valid: false; reason: string };

/**
 * Checks a request's signature: its form, that its timestamp is within
 * `toleranceSeconds` of now, and the HMAC of timestamp, delivery id and body,
 * compared in constant time.
 *
 * @public
 */
export function verifyReleaseTrainsRequest(options: {
  body: Buffer | string;
  deliveryId: string | undefined;
  signature: string | undefined;
  secret: string;
  toleranceSeconds?: number;
  now?: Date;
}): ReleaseTrainsSignatureCheck {
  const { body, deliveryId, signature, secret } = options;
  const tolerance =
    options.toleranceSeconds ?? RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS;
  const parts = signature ? SIGNATURE_PATTERN.exec(signature) : null;
  if (!parts) {
    return {
      valid: false,
      reason:
        'Signature must read t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">',
    };
  }
  if (!deliveryId || !RELEASE_TRAINS_DELIVERY_ID_PATTERN.test(deliveryId)) {
    return { valid: false, reason: 'Missing or malformed delivery id' };
  }
  const [, timestamp, given] = parts;
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return {
      valid: false,
      reason: `Signature timestamp is more than ${tolerance} seconds away from the receiver's clock`,
    };
  }
  const expected = Buffer.from(hmac(secret, timestamp, deliveryId, body));
  if (!timingSafeEqual(expected, Buffer.from(given))) {
    return { valid: false, reason: 'Signature does not match the request' };
  }
  return { valid: true };
}
