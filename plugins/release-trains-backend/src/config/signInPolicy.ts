import { Config } from '@backstage/config';

/**
 * Refuses to start a production backend that offers guest sign-in, unless
 * `releaseTrains.allowGuestSignIn` says so: a guest is a signed-in user, so
 * with a policy that lets users promote or approve, anyone who can reach the
 * portal could request promotions and count as an approver.
 *
 * Stricter than Backstage's own guard, which lets the backend start and only
 * refuses each guest sign-in outside development unless
 * `auth.providers.guest.dangerouslyAllowOutsideDevelopment` is true. Guest
 * sign-in in production takes both flags: `releaseTrains.allowGuestSignIn`
 * to start at all, and Backstage's flag for sign-ins to succeed.
 *
 * Returns whether guest sign-in is configured in production (and allowed),
 * so the caller can warn about it.
 */
export function assertGuestSignInAllowed(
  config: Config,
  /** `process.env.NODE_ENV` */
  nodeEnv: string | undefined,
): { guestInProduction: boolean } {
  if (nodeEnv !== 'production' || !config.has('auth.providers.guest')) {
    return { guestInProduction: false };
  }
  if (config.getOptionalBoolean('releaseTrains.allowGuestSignIn') === true) {
    return { guestInProduction: true };
  }
  throw new Error(
    'Guest sign-in is configured (auth.providers.guest) and NODE_ENV is production: ' +
      'anyone who can reach the portal could sign in, request promotions and count as an approver. ' +
      'Remove auth.providers.guest and configure a real sign-in provider, ' +
      'or set releaseTrains.allowGuestSignIn: true to allow it explicitly ' +
      '(guest sign-ins then also need auth.providers.guest.dangerouslyAllowOutsideDevelopment: true).',
  );
}
