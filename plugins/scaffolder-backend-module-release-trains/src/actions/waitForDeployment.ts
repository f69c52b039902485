import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createReleaseTrainsCaller,
  ReleaseTrainsActionOptions,
} from './shared';

const FINISHED = ['succeeded', 'failed', 'rolled-back', 'cancelled'];

/**
 * Creates the `release-trains:wait-for-deployment` action: follows a
 * deployment until it finishes, failing the task unless it succeeds.
 *
 * @public
 */
export function createWaitForDeploymentAction(
  options: ReleaseTrainsActionOptions & {
    /** For tests: how to wait between polls. */
    sleep?: (ms: number) => Promise<void>;
  },
) {
  const call = createReleaseTrainsCaller(options);
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));

  return createTemplateAction({
    id: 'release-trains:wait-for-deployment',
    description:
      'Waits until a Release Trains deployment has finished (approvals included) and fails unless it succeeded',
    supportsDryRun: true,
    examples: [
      {
        description: 'Wait for the promotion started by an earlier step',
        example: [
          'steps:',
          '  - id: wait',
          '    action: release-trains:wait-for-deployment',
          '    input:',
          '      deploymentId: ${{ steps.promote.output.deploymentId }}',
          '      timeoutMinutes: 60',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        deploymentId: z => z.string().min(1).describe('The deployment'),
        timeoutMinutes: z =>
          z
            .number()
            .positive()
            .max(24 * 60)
            .default(60)
            .describe('How long to wait at most'),
        pollSeconds: z =>
          z
            .number()
            .min(1)
            .max(300)
            .default(5)
            .describe('Seconds between two looks'),
      },
      output: {
        state: z => z.string().optional().describe('How it ended'),
        version: z => z.string().optional().describe('The version deployed'),
      },
    },
    async handler(ctx) {
      const { deploymentId } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait for deployment ${deploymentId}`);
        return;
      }
      const timeoutMinutes = ctx.input.timeoutMinutes ?? 60;
      const pollSeconds = ctx.input.pollSeconds ?? 5;
      const polls = Math.ceil((timeoutMinutes * 60) / pollSeconds);
      let lastReport = '';
      // The first look, as the initiator, checks they may read the
      // deployment; the rest go as this plugin, as a wait of up to a day
      // outlives the initiator's token.
      let onBehalfOf = await ctx.getInitiatorCredentials();
      for (let poll = 0; poll <= polls; poll++) {
        if (ctx.signal?.aborted) throw new Error('Cancelled');
        const deployment = await call(
          onBehalfOf,
          'lookup',
          (client, withToken) => client.getDeployment(deploymentId, withToken),
        );
        if (poll === 0) {
          onBehalfOf = await options.auth.getOwnServiceCredentials();
        }
        const report =
          deployment.state === 'awaiting-approval'
            ? `awaiting approval (${
                deployment.approvals.filter(a => a.decision === 'approve')
                  .length
              } of ${deployment.approvalsRequired})`
            : deployment.state;
        if (report !== lastReport) {
          ctx.logger.info(
            `${deployment.service} ${deployment.version} → ${deployment.stage}: ${report}`,
          );
          lastReport = report;
        }
        if (FINISHED.includes(deployment.state)) {
          ctx.output('state', deployment.state);
          ctx.output('version', deployment.version);
          if (deployment.state !== 'succeeded') {
            throw new Error(
              `Deployment ${deployment.id} ${deployment.state}${
                deployment.reason ? `: ${deployment.reason}` : ''
              }`,
            );
          }
          return;
        }
        if (poll < polls) await sleep(pollSeconds * 1000);
      }
      throw new Error(
        `Deployment ${deploymentId} had not finished after ${timeoutMinutes} minutes`,
      );
    },
  });
}
