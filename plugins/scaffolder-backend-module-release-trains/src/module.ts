import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPromoteAction } from './actions/promote';
import { createRegisterServiceAction } from './actions/registerService';
import { createRehearseRollbackAction } from './actions/rehearseRollback';
import { createRollbackAction } from './actions/rollback';
import { createWaitForDeploymentAction } from './actions/waitForDeployment';

/**
 * Adds the Release Trains actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleReleaseTrains = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'release-trains',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolderActions, discovery, auth }) {
        scaffolderActions.addActions(
          createPromoteAction({ discovery, auth }),
          createRollbackAction({ discovery, auth }),
          createWaitForDeploymentAction({ discovery, auth }),
          createRegisterServiceAction({ discovery, auth }),
          createRehearseRollbackAction({ discovery, auth }),
        );
      },
    });
  },
});
