import { createBackend } from '@backstage/backend-defaults';
import {
  demoFileLocationsModule,
  demoPublishLocalModule,
} from './demoPublishLocal';
import { demoUsersAuthModule } from './demoUsersAuth';
import { guestAuthLoader } from './guestAuth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the demo portal, only when auth.providers.guest is
// configured (never in app-config.production.yaml; the release-trains
// backend refuses to start with it when NODE_ENV is production, unless
// releaseTrains.allowGuestSignIn is true). Add your sign-in provider's module
// here, e.g. @backstage/plugin-auth-backend-module-github-provider.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(guestAuthLoader);
// demo only: sign in as any person of the demo organisation, when
// auth.providers.demo-users.enabled is true
backend.add(demoUsersAuthModule);

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// permissions: a service's owners promote and roll it back, members of a
// team approve; everything else is allowed (see the module's README)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import(
    '@release-trains/plugin-permission-backend-module-release-trains-policy'
  ),
);

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@release-trains/plugin-release-trains-backend'));
// demo only: the simulated `demo` deployer when releaseTrains.deployers.demo
// is configured, and the demo history when releaseTrains.demo.seed is on
backend.add(
  import('@release-trains/plugin-release-trains-backend-module-demo'),
);
// Deployers: each is off until releaseTrains.deployers.<name> is configured.
backend.add(
  import('@release-trains/plugin-release-trains-backend-module-webhook'),
);
backend.add(
  import('@release-trains/plugin-release-trains-backend-module-github-actions'),
);
backend.add(
  import('@release-trains/plugin-release-trains-backend-module-argocd'),
);
backend.add(
  import('@release-trains/plugin-scaffolder-backend-module-release-trains'),
);
// demo only: a publish target for the golden path without a Git host, when
// releaseTrains.demo.localPublish is on
backend.add(demoPublishLocalModule);
backend.add(demoFileLocationsModule);
backend.start();
