import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { assertGuestSignInAllowed } from './signInPolicy';

const guest = (releaseTrains: JsonObject = {}, guestConfig = {}) =>
  new ConfigReader({
    auth: { providers: { guest: guestConfig } },
    releaseTrains,
  });

describe('assertGuestSignInAllowed', () => {
  it('refuses guest sign-in in production, naming the keys and the way out', () => {
    const check = () => assertGuestSignInAllowed(guest(), 'production');
    expect(check).toThrow(/auth\.providers\.guest/);
    expect(check).toThrow(/NODE_ENV is production/);
    expect(check).toThrow(/releaseTrains\.allowGuestSignIn: true/);
  });

  it("is not satisfied by Backstage's own flag alone", () => {
    expect(() =>
      assertGuestSignInAllowed(
        guest({}, { dangerouslyAllowOutsideDevelopment: true }),
        'production',
      ),
    ).toThrow(/releaseTrains\.allowGuestSignIn/);
  });

  it('lets production start with guest sign-in when explicitly allowed', () => {
    expect(
      assertGuestSignInAllowed(guest({ allowGuestSignIn: true }), 'production'),
    ).toEqual({ guestInProduction: true });
  });

  it('refuses when the flag is anything but true', () => {
    expect(() =>
      assertGuestSignInAllowed(
        guest({ allowGuestSignIn: false }),
        'production',
      ),
    ).toThrow(/allowGuestSignIn/);
  });

  it('lets production start without guest sign-in', () => {
    expect(
      assertGuestSignInAllowed(
        new ConfigReader({
          auth: { providers: { github: { production: {} } } },
        }),
        'production',
      ),
    ).toEqual({ guestInProduction: false });
    expect(
      assertGuestSignInAllowed(new ConfigReader({}), 'production'),
    ).toEqual({ guestInProduction: false });
  });

  it.each(['development', 'test', undefined])(
    'leaves guest sign-in alone when NODE_ENV is %p',
    nodeEnv => {
      expect(assertGuestSignInAllowed(guest(), nodeEnv)).toEqual({
        guestInProduction: false,
      });
    },
  );
});
