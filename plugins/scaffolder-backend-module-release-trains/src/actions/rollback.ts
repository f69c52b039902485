import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createReleaseTrainsCaller,
  ReleaseTrainsActionOptions,
  entityRefInput,
} from './shared';

/**
 * Creates the `release-trains:rollback` action: rolls a stage of a service
 * back to an earlier version and holds it.
 *
 * @public
 */
export function createRollbackAction(options: ReleaseTrainsActionOptions) {
  const call = createReleaseTrainsCaller(options);

  return createTemplateAction({
    id: 'release-trains:rollback',
    description:
      'Rolls a stage of a service back to an earlier version that succeeded there (by default the one before the current) and holds the stage',
    supportsDryRun: true,
    examples: [
      {
        description: 'Roll prod of payments back to the previous version',
        example: [
          'steps:',
          '  - id: rollback',
          '    action: release-trains:rollback',
          '    input:',
          '      entityRef: component:default/payments',
          '      stage: prod',
          '      reason: Error rate doubled after 1.4.2',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: entityRefInput,
        stage: z => z.string().min(1).describe('The stage to roll back'),
        version: z =>
          z
            .string()
            .optional()
            .describe(
              'The version to return to; by default (also when empty) the one before the current',
            ),
        reason: z =>
          z
            .string()
            .min(1)
            .max(1000)
            .describe('Why; shown with the hold on the stage'),
      },
      output: {
        deploymentId: z =>
          z
            .string()
            .optional()
            .describe('Id of the rollback deployment (absent in a dry run)'),
        version: z =>
          z.string().optional().describe('The version rolled back to'),
        state: z => z.string().optional().describe('State of the rollback'),
      },
    },
    async handler(ctx) {
      const { entityRef, stage, reason } = ctx.input;
      // Template forms send an empty string for a field left blank.
      const version = ctx.input.version || undefined;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would roll ${stage} of ${entityRef} back to ${
            version ?? 'the version before the current one'
          } and hold it: ${reason}`,
        );
        return;
      }
      const deployment = await call(
        await ctx.getInitiatorCredentials(),
        'rollback',
        (client, asInitiator) =>
          client.rollback(
            { service: entityRef, stage, reason, version },
            asInitiator,
          ),
      );
      ctx.logger.info(
        `Rolling ${deployment.stage} of ${deployment.service} back to ${deployment.version}: ${deployment.state} (deployment ${deployment.id}); the stage is held`,
      );
      ctx.output('deploymentId', deployment.id);
      ctx.output('version', deployment.version);
      ctx.output('state', deployment.state);
    },
  });
}
