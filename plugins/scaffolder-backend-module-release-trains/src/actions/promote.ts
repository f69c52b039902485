import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ReleaseTrainsClient } from '@internal/backstage-plugin-release-trains-common';

/**
 * Creates the `release-trains:promote` action, which records a promotion of a
 * service version into a stage through the Release Trains backend.
 *
 * @public
 */
export function createPromoteAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const client = new ReleaseTrainsClient({ discoveryApi: options.discovery });

  return createTemplateAction({
    id: 'release-trains:promote',
    description:
      'Promotes a version of a service into a stage of its pipeline and records it in the Release Trains ledger',
    supportsDryRun: true,
    examples: [
      {
        description: 'Promote payments 1.4.2 to prod',
        example: [
          'steps:',
          '  - id: promote',
          '    action: release-trains:promote',
          '    name: Promote',
          '    input:',
          '      entityRef: component:default/payments',
          '      stage: prod',
          '      version: 1.4.2',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'Entity ref of the service, e.g. component:default/payments',
            ),
        stage: z => z.string().min(1).describe('The stage to promote into'),
        version: z => z.string().min(1).describe('The version to promote'),
      },
      output: {
        deploymentId: z =>
          z
            .string()
            .describe('Id of the recorded deployment (absent in a dry run)')
            .optional(),
      },
    },
    async handler(ctx) {
      const { entityRef, stage, version } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would promote ${entityRef} ${version} to ${stage}`,
        );
        return;
      }

      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'release-trains',
      });
      const deployment = await client
        .recordDeployment(
          { service: entityRef, stage, version, kind: 'promote' },
          { token },
        )
        .catch(error => {
          // Surface the backend's own reason (e.g. an unknown stage) in the task log.
          throw new Error(
            `Release Trains refused the promotion: ${
              error.cause?.message ?? error.message
            }`,
          );
        });
      ctx.logger.info(
        `Promoted ${deployment.service} ${deployment.version} to ${deployment.stage} (deployment ${deployment.id})`,
      );
      ctx.output('deploymentId', deployment.id);
    },
  });
}
