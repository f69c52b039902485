import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ReleaseTrainsPermissionPolicy } from './ReleaseTrainsPermissionPolicy';

/**
 * Sets the permission backend's policy to {@link ReleaseTrainsPermissionPolicy};
 * install it instead of the allow-all policy.
 *
 * @public
 */
export const permissionModuleReleaseTrainsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'release-trains-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new ReleaseTrainsPermissionPolicy({ userInfo }));
      },
    });
  },
});
