import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RollbackRehearsal } from '@release-trains/plugin-release-trains-common';
import {
  createReleaseTrainsCaller,
  ReleaseTrainsActionOptions,
} from './shared';

/** Seconds between two looks at a running rehearsal. */
const POLL_SECONDS = 5;

/** Waits `ms`, or less when the signal aborts (the caller then checks it). */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

const seconds = (ms?: number) =>
  ms === undefined ? 'an unknown time' : `${Math.round(ms / 100) / 10} s`;

/**
 * Creates the `release-trains:rehearse-rollback` action: rehearses the
 * rollback of a version in a stage before the last — the version deployed
 * (unless the stage runs it), rolled back to the one before and deployed
 * again — and optionally waits for the rehearsal to finish.
 *
 * @public
 */
export function createRehearseRollbackAction(
  options: ReleaseTrainsActionOptions & {
    /** For tests: how to wait between polls. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  },
) {
  const call = createReleaseTrainsCaller(options);
  const sleep = options.sleep ?? abortableSleep;

  return createTemplateAction({
    id: 'release-trains:rehearse-rollback',
    description:
      'Rehearses the rollback of a version of a service in a stage before the last: deploys it (unless the stage runs it), rolls back to the version before and deploys it again, each step timed',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Rehearse the rollback of what staging runs, and wait for it',
        example: [
          'steps:',
          '  - id: rehearse',
          '    action: release-trains:rehearse-rollback',
          '    input:',
          '      service: component:default/payments',
          '      stage: staging',
          '      wait: true',
          '      timeoutMinutes: 30',
        ].join('\n'),
      },
      {
        description: 'Start a rehearsal of payments 1.4.2 in staging',
        example: [
          'steps:',
          '  - id: rehearse',
          '    action: release-trains:rehearse-rollback',
          '    input:',
          '      service: payments',
          '      stage: staging',
          '      version: 1.4.2',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              'The service: its entity ref (component:default/payments) or name',
            ),
        stage: z =>
          z
            .string()
            .min(1)
            .describe('The stage to rehearse in; not the last of the pipeline'),
        version: z =>
          z
            .string()
            .optional()
            .describe(
              'The version whose rollback to rehearse; by default (also when empty) the one the stage runs',
            ),
        wait: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Wait until the rehearsal finished, and fail unless it succeeded',
            ),
        timeoutMinutes: z =>
          z
            .number()
            .positive()
            .max(24 * 60)
            .default(30)
            .describe('With wait: how long to wait at most'),
      },
      output: {
        rehearsalId: z =>
          z
            .string()
            .optional()
            .describe('Id of the rehearsal (absent in a dry run)'),
        version: z => z.string().optional().describe('The version rehearsed'),
        previousVersion: z =>
          z.string().optional().describe('The version it was rolled back to'),
        state: z =>
          z
            .string()
            .optional()
            .describe('running (unless waited for), succeeded or failed'),
        rollbackMs: z =>
          z.number().optional().describe('How long the rollback took'),
        redeployMs: z =>
          z
            .number()
            .optional()
            .describe('How long deploying the version again took'),
      },
    },
    async handler(ctx) {
      const { service, stage } = ctx.input;
      // Template forms send an empty string for a field left blank.
      const version = ctx.input.version || undefined;
      const wait = ctx.input.wait ?? false;
      const timeoutMinutes = ctx.input.timeoutMinutes ?? 30;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would rehearse the rollback of ${
            version ?? 'the version it runs'
          } in ${stage} of ${service}${wait ? ' and wait for it' : ''}`,
        );
        return;
      }

      let rehearsal = await call(
        await ctx.getInitiatorCredentials(),
        'rehearsal',
        (client, asInitiator) =>
          client.rehearseRollback({ service, stage, version }, asInitiator),
      );
      const what = `Rollback rehearsal ${rehearsal.id} of ${rehearsal.service} ${rehearsal.version} in ${rehearsal.stage}`;
      ctx.logger.info(
        `${what} started: rolls back to ${rehearsal.previousVersion} and deploys ${rehearsal.version} again`,
      );

      const report = (r: RollbackRehearsal) => {
        ctx.output('rehearsalId', r.id);
        ctx.output('version', r.version);
        ctx.output('previousVersion', r.previousVersion);
        ctx.output('state', r.state);
        if (r.rollbackMs !== undefined) ctx.output('rollbackMs', r.rollbackMs);
        if (r.redeployMs !== undefined) ctx.output('redeployMs', r.redeployMs);
      };

      if (wait && rehearsal.state === 'running') {
        const polls = Math.ceil((timeoutMinutes * 60) / POLL_SECONDS);
        let lastPhase = rehearsal.phase;
        // The first look goes as the initiator; the rest as this plugin, as
        // a long wait outlives the initiator's token.
        let onBehalfOf = await ctx.getInitiatorCredentials();
        const { id, service: ref, version: rehearsed } = rehearsal;
        for (let poll = 1; rehearsal.state === 'running'; poll++) {
          if (poll > polls) {
            report(rehearsal);
            throw new Error(
              `${what} had not finished after ${timeoutMinutes} minutes (phase ${rehearsal.phase}); it goes on in the background`,
            );
          }
          await sleep(POLL_SECONDS * 1000, ctx.signal);
          if (ctx.signal?.aborted) {
            throw new Error(
              `Cancelled waiting for ${what}; it goes on in the background`,
            );
          }
          const { items } = await call(
            onBehalfOf,
            'lookup',
            (client, withToken) =>
              client.listRehearsals(
                { service: ref, version: rehearsed },
                withToken,
              ),
          );
          if (poll === 1) {
            onBehalfOf = await options.auth.getOwnServiceCredentials();
          }
          const current = items.find(r => r.id === id);
          if (!current) {
            throw new Error(`${what} is no longer listed`);
          }
          rehearsal = current;
          if (rehearsal.phase !== lastPhase) {
            ctx.logger.info(`${what}: ${rehearsal.phase}`);
            lastPhase = rehearsal.phase;
          }
        }
      }

      report(rehearsal);
      if (rehearsal.state === 'failed') {
        throw new Error(
          `${what} failed${rehearsal.reason ? `: ${rehearsal.reason}` : ''}`,
        );
      }
      if (rehearsal.state === 'succeeded') {
        ctx.logger.info(
          `${what} succeeded: rollback took ${seconds(
            rehearsal.rollbackMs,
          )}, deploying again ${seconds(rehearsal.redeployMs)}`,
        );
      }
    },
  });
}
