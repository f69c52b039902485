import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ReleaseTrainsClient } from '@internal/backstage-plugin-release-trains-common';

/** What every Release Trains action needs to reach the backend. */
export type ReleaseTrainsActionOptions = {
  discovery: DiscoveryService;
  auth: AuthService;
};

/**
 * Calls the Release Trains backend on behalf of the user who started the
 * task, so that the backend checks that user's permissions, and turns a
 * refusal into an error whose message is the backend's own reason.
 */
export function createReleaseTrainsCaller(options: ReleaseTrainsActionOptions) {
  const client = new ReleaseTrainsClient({ discoveryApi: options.discovery });
  return async <T>(
    ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
    what: string,
    call: (client: ReleaseTrainsClient, token: string) => Promise<T>,
  ): Promise<T> => {
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'release-trains',
    });
    try {
      return await call(client, token);
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause;
      throw new Error(
        `Release Trains refused the ${what}: ${
          cause?.message ?? (error as Error).message
        }`,
      );
    }
  };
}
