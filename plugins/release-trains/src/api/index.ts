import { createApiRef } from '@backstage/core-plugin-api';
import { ReleaseTrainsApi } from '@release-trains/plugin-release-trains-common';

/**
 * The Release Trains backend API, as used by the plugin's components.
 *
 * @public
 */
export const releaseTrainsApiRef = createApiRef<ReleaseTrainsApi>({
  id: 'plugin.release-trains.service',
});
