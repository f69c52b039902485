import { createHmac } from 'node:crypto';
import {
  RELEASE_TRAINS_DELIVERY_ID_PATTERN,
  RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS,
  signReleaseTrainsRequest,
  verifyReleaseTrainsRequest,
} from './signature';

const secret = 'a-shared-secret-of-some-length';
const body = JSON.stringify({ deploymentId: 'd-1', state: 'succeeded' });
const deliveryId = 'delivery-1';
/** 2026-11-22T10:00:00Z, on a whole second. */
const signedAt = new Date(Date.UTC(2026, 10, 22, 10, 0, 0));
const seconds = (s: number) => new Date(signedAt.getTime() + s * 1000);

const signed = (overrides: { deliveryId?: string; now?: Date } = {}) =>
  signReleaseTrainsRequest({
    body,
    deliveryId: overrides.deliveryId ?? deliveryId,
    secret,
    now: overrides.now ?? signedAt,
  });

const verify = (
  options: Partial<Parameters<typeof verifyReleaseTrainsRequest>[0]> = {},
) =>
  verifyReleaseTrainsRequest({
    body,
    deliveryId,
    signature: signed(),
    secret,
    now: signedAt,
    ...options,
  });

const MALFORMED = {
  valid: false,
  reason: expect.stringMatching(/^Signature must read t=<unix seconds>/),
};
const TOO_FAR = {
  valid: false,
  reason: expect.stringMatching(/^Signature timestamp is more than/),
};
const MISMATCH = {
  valid: false,
  reason: 'Signature does not match the request',
};

describe('signReleaseTrainsRequest', () => {
  it('signs "<t>.<delivery id>.<body>" with the secret, t in unix seconds', () => {
    const t = Math.floor(signedAt.getTime() / 1000);
    const hex = createHmac('sha256', secret)
      .update(`${t}.${deliveryId}.${body}`)
      .digest('hex');
    expect(signed()).toBe(`t=${t},sha256=${hex}`);
    // A Buffer body signs the same bytes as the string.
    expect(
      signReleaseTrainsRequest({
        body: Buffer.from(body),
        deliveryId,
        secret,
        now: signedAt,
      }),
    ).toBe(signed());
  });

  it('rounds the timestamp down to the second', () => {
    expect(signed({ now: new Date(signedAt.getTime() + 999) })).toBe(signed());
  });

  it('signs with the current time by default', () => {
    const t = Number(
      /^t=(\d+),/.exec(
        signReleaseTrainsRequest({ body, deliveryId, secret }),
      )![1],
    );
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('verifyReleaseTrainsRequest', () => {
  it('accepts what was signed, as a string or as the bytes received', () => {
    expect(verify()).toEqual({ valid: true });
    expect(verify({ body: Buffer.from(body) })).toEqual({ valid: true });
  });

  it('accepts a fresh signature checked against the current time by default', () => {
    expect(
      verifyReleaseTrainsRequest({
        body,
        deliveryId,
        signature: signReleaseTrainsRequest({ body, deliveryId, secret }),
        secret,
      }),
    ).toEqual({ valid: true });
  });

  it('refuses another secret', () => {
    expect(verify({ secret: 'another-secret-of-some-length' })).toEqual(
      MISMATCH,
    );
  });

  it('refuses a changed body, even by one byte', () => {
    expect(verify({ body: body.replace('succeeded', 'failed') })).toEqual(
      MISMATCH,
    );
    expect(verify({ body: `${body} ` })).toEqual(MISMATCH);
    expect(verify({ body: '' })).toEqual(MISMATCH);
  });

  it('refuses the same body and signature under another delivery id', () => {
    expect(verify({ deliveryId: 'delivery-2' })).toEqual(MISMATCH);
    // Nor can the delivery id take in the start of a JSON body, so that the
    // same signed string reads as another id and body: it may not hold `{`.
    const dotted = JSON.stringify({ version: '1.4.2' });
    const [head, ...tail] = dotted.split('.');
    const shifted = {
      deliveryId: `${deliveryId}.${head}`,
      body: tail.join('.'),
    };
    expect(`${shifted.deliveryId}.${shifted.body}`).toBe(
      `${deliveryId}.${dotted}`,
    );
    expect(
      verify({
        ...shifted,
        signature: signReleaseTrainsRequest({
          body: dotted,
          deliveryId,
          secret,
          now: signedAt,
        }),
      }),
    ).toEqual({ valid: false, reason: 'Missing or malformed delivery id' });
  });

  it('refuses a changed timestamp: t is signed too', () => {
    const [, t, hex] = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(signed())!;
    const moved = `t=${Number(t) + 1},sha256=${hex}`;
    expect(verify({ signature: moved })).toEqual(MISMATCH);
  });

  it('refuses the old body-only form, sha256=<hex HMAC of the body>, as malformed', () => {
    const old = `sha256=${createHmac('sha256', secret)
      .update(body)
      .digest('hex')}`;
    expect(verify({ signature: old })).toEqual(MALFORMED);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without a timestamp', `sha256=${'a'.repeat(64)}`],
    ['with an empty timestamp', `t=,sha256=${'a'.repeat(64)}`],
    ['with a negative timestamp', `t=-1,sha256=${'a'.repeat(64)}`],
    ['in the other order', `sha256=${'a'.repeat(64)},t=1795000000`],
    ['with spaces', `t=1795000000, sha256=${'a'.repeat(64)}`],
    ['with a short digest', `t=1795000000,sha256=${'a'.repeat(63)}`],
    ['with a long digest', `t=1795000000,sha256=${'a'.repeat(65)}`],
    ['with upper-case hex', `t=1795000000,sha256=${'A'.repeat(64)}`],
    ['with another algorithm', `t=1795000000,sha1=${'a'.repeat(40)}`],
    ['of another kind', 'Bearer some-token'],
  ])('refuses a signature %s as malformed', (_, signature) => {
    expect(verify({ signature })).toEqual(MALFORMED);
  });

  it('refuses a signature with trailing text as malformed', () => {
    expect(verify({ signature: `${signed()},v=2` })).toEqual(MALFORMED);
    expect(verify({ signature: `${signed()}\n` })).toEqual(MALFORMED);
  });

  it('refuses a timestamp further than the tolerance either way, and accepts one at its edge', () => {
    const tolerance = RELEASE_TRAINS_SIGNATURE_TOLERANCE_SECONDS;
    expect(tolerance).toBe(300);
    // Received later than signed.
    expect(verify({ now: seconds(tolerance) })).toEqual({ valid: true });
    expect(verify({ now: seconds(tolerance + 1) })).toEqual(TOO_FAR);
    expect(verify({ now: seconds(tolerance + 0.001) })).toEqual(TOO_FAR);
    expect(verify({ now: seconds(600) })).toEqual(TOO_FAR);
    // Signed by a clock ahead of the receiver's.
    expect(verify({ now: seconds(-tolerance) })).toEqual({ valid: true });
    expect(verify({ now: seconds(-tolerance - 1) })).toEqual(TOO_FAR);
    expect(verify({ now: seconds(-tolerance - 0.001) })).toEqual(TOO_FAR);
  });

  it('checks the timestamp before the digest, so a stale signature says so', () => {
    expect(
      verify({ now: seconds(600), secret: 'another-secret-of-some-length' }),
    ).toEqual(TOO_FAR);
  });

  it('takes a custom tolerance', () => {
    expect(verify({ now: seconds(60), toleranceSeconds: 60 })).toEqual({
      valid: true,
    });
    expect(verify({ now: seconds(61), toleranceSeconds: 60 })).toEqual({
      valid: false,
      reason:
        "Signature timestamp is more than 60 seconds away from the receiver's clock",
    });
    expect(verify({ now: seconds(-61), toleranceSeconds: 60 })).toEqual(
      TOO_FAR,
    );
    // Wider than the default.
    expect(verify({ now: seconds(900), toleranceSeconds: 900 })).toEqual({
      valid: true,
    });
    expect(verify({ now: seconds(901), toleranceSeconds: 900 })).toEqual(
      TOO_FAR,
    );
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with a space', 'delivery 1'],
    ['with a slash', 'delivery/1'],
    ['with a brace', '{delivery-1'],
    ['with a comma', 'delivery,1'],
    ['with a newline', 'delivery-1\n'],
    ['non-ASCII', 'délivery-1'],
    ['longer than 255 characters', 'd'.repeat(256)],
  ])('refuses a delivery id %s', (_, badId) => {
    const signature =
      badId === undefined
        ? signed()
        : signReleaseTrainsRequest({
            body,
            deliveryId: badId,
            secret,
            now: signedAt,
          });
    expect(verify({ deliveryId: badId, signature })).toEqual({
      valid: false,
      reason: 'Missing or malformed delivery id',
    });
  });

  it('accepts delivery ids of letters, digits and ._:- up to 255 characters', () => {
    for (const id of [
      'd',
      '0b7c5e43-8a6f-4b1e-9a51-5b0f2f3c1d2e',
      'build-123-1',
      'github:run.42_attempt-2',
      'd'.repeat(255),
    ]) {
      expect(RELEASE_TRAINS_DELIVERY_ID_PATTERN.test(id)).toBe(true);
      expect(
        verify({ deliveryId: id, signature: signed({ deliveryId: id }) }),
      ).toEqual({ valid: true });
    }
  });
});
