import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createReleaseTrainsCaller,
  ReleaseTrainsActionOptions,
  entityRefInput,
} from './shared';

/**
 * Creates the `release-trains:promote` action: asks the Release Trains
 * backend to promote a version of a service, which checks the gates and
 * either starts the deployment or waits for approvals.
 *
 * @public
 */
export function createPromoteAction(options: ReleaseTrainsActionOptions) {
  const call = createReleaseTrainsCaller(options);

  return createTemplateAction({
    id: 'release-trains:promote',
    description:
      'Promotes a version of a service into the next stage of its pipeline (or a named one), through the gates of the Release Trains backend',
    supportsDryRun: true,
    examples: [
      {
        description: 'Promote payments 1.4.2 into the next stage',
        example: [
          'steps:',
          '  - id: promote',
          '    action: release-trains:promote',
          '    name: Promote',
          '    input:',
          '      entityRef: component:default/payments',
          '      version: 1.4.2',
          '      reason: Fixes the checkout timeout',
        ].join('\n'),
      },
      {
        description: 'Promote payments 1.4.2 into prod',
        example: [
          'steps:',
          '  - id: promote',
          '    action: release-trains:promote',
          '    input:',
          '      entityRef: component:default/payments',
          '      version: 1.4.2',
          '      stage: prod',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: entityRefInput,
        version: z => z.string().min(1).describe('The version to promote'),
        stage: z =>
          z
            .string()
            .optional()
            .describe(
              'The stage to promote into; by default (also when empty) the one after the furthest the version reached',
            ),
        reason: z =>
          z.string().max(1000).optional().describe('Why, for the approvers'),
      },
      output: {
        deploymentId: z =>
          z
            .string()
            .optional()
            .describe('Id of the deployment (absent in a dry run)'),
        stage: z => z.string().describe('The stage the version goes into'),
        state: z =>
          z
            .string()
            .optional()
            .describe('awaiting-approval, in-progress, succeeded or failed'),
      },
    },
    async handler(ctx) {
      const { entityRef, version } = ctx.input;
      // Template forms send empty strings for fields left blank.
      const stage = ctx.input.stage || undefined;
      const reason = ctx.input.reason || undefined;
      if (ctx.isDryRun) {
        // Read-only: what the gates would say now.
        const check = await call(
          await ctx.getInitiatorCredentials(),
          'check',
          (client, asInitiator) =>
            client.checkPromotion(
              { service: entityRef, version, stage },
              asInitiator,
            ),
        );
        for (const gate of check.gates) {
          ctx.logger.info(
            `${gate.passed ? 'pass' : 'block'} ${gate.gate}: ${gate.reason}`,
          );
        }
        ctx.logger.info(
          `Dry run: would ${check.allowed ? '' : 'not '}promote ${
            check.service
          } ${check.version} into ${check.stage}`,
        );
        ctx.output('stage', check.stage);
        return;
      }

      const deployment = await call(
        await ctx.getInitiatorCredentials(),
        'promotion',
        (client, asInitiator) =>
          client.promote(
            { service: entityRef, version, stage, reason },
            asInitiator,
          ),
      );
      ctx.logger.info(
        deployment.state === 'awaiting-approval'
          ? `${deployment.service} ${deployment.version} → ${deployment.stage} awaits ${deployment.approvalsRequired} approvals (deployment ${deployment.id})`
          : `${deployment.service} ${deployment.version} → ${deployment.stage} is ${deployment.state} (deployment ${deployment.id})`,
      );
      ctx.output('deploymentId', deployment.id);
      ctx.output('stage', deployment.stage);
      ctx.output('state', deployment.state);
    },
  });
}
