import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

/**
 * Backstage's guest sign-in, only when `auth.providers.guest` is configured
 * (the demo portal's app-config.yaml). The provider module reads that key at
 * start and fails without it, so a configuration with no guest sign-in
 * (app-config.production.yaml) must not load it at all.
 */
export const guestAuthLoader = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('auth.providers.guest')) {
      yield import('@backstage/plugin-auth-backend-module-guest-provider');
    }
  },
});
