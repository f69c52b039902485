import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header the demo sign-in page sends: the name of a demo User. */
export const DEMO_USER_HEADER = 'x-demo-user';

const USER_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/**
 * Sign-in for the demo portal only: the person picked on the sign-in page,
 * signed in as the catalog User of that name (with its groups). It trusts
 * the browser, so it must never be configured outside the demo.
 */
export const demoUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        // Off unless the demo configuration turns it on.
        if (!config.getOptionalBoolean('auth.providers.demo-users.enabled')) {
          return;
        }
        providers.registerProvider({
          providerId: 'demo-users',
          factory: createProxyAuthProviderFactory<{ name: string }>({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async result => ({
                profile: { displayName: result.name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const name = req.header(DEMO_USER_HEADER);
                if (!name || !USER_NAME.test(name)) {
                  throw new AuthenticationError(
                    'Pick a person of the demo organisation to sign in as',
                  );
                }
                return { result: { name } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.name } }),
          }),
        });
      },
    });
  },
});
