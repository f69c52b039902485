import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ReleaseTrainsClient,
  ReleaseTrainsRequestOptions,
} from '@release-trains/plugin-release-trains-common';

/**
 * What every Release Trains action needs to reach the backend.
 *
 * @public
 */
export type ReleaseTrainsActionOptions = {
  discovery: DiscoveryService;
  auth: AuthService;
};

/** The zod an action's input fields are built with. */
type Zod = Parameters<
  Extract<
    NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input'],
    Record<string, unknown>
  >[string]
>[0];

/** The `entityRef` input of every action about one service. */
export const entityRefInput = (z: Zod): ReturnType<Zod['string']> =>
  z
    .string()
    .min(1)
    .describe('Entity ref of the service, e.g. component:default/payments');

/**
 * Calls the Release Trains backend on behalf of the given credentials —
 * usually the task initiator's, so that the backend checks that user's
 * permissions — and turns a refusal into an error whose message is the
 * backend's own reason.
 */
export function createReleaseTrainsCaller(options: ReleaseTrainsActionOptions) {
  const client = new ReleaseTrainsClient({ discoveryApi: options.discovery });
  return async <T>(
    onBehalfOf: BackstageCredentials,
    what: string,
    call: (
      client: ReleaseTrainsClient,
      withToken: ReleaseTrainsRequestOptions,
    ) => Promise<T>,
  ): Promise<T> => {
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: 'release-trains',
    });
    try {
      return await call(client, { token });
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
