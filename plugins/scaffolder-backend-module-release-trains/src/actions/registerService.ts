import {
  KubernetesValidatorFunctions,
  parseEntityRef,
} from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createReleaseTrainsCaller,
  ReleaseTrainsActionOptions,
} from './shared';

/**
 * Creates the `release-trains:register-service` action: puts a new service
 * on a pipeline (and a train) in the Release Trains backend, and answers the
 * URL of its Release tab.
 *
 * @public
 */
export function createRegisterServiceAction(
  options: ReleaseTrainsActionOptions,
) {
  const call = createReleaseTrainsCaller(options);

  return createTemplateAction({
    id: 'release-trains:register-service',
    description:
      'Registers a new service with its pipeline and train in Release Trains, and answers the URL of its Release tab',
    supportsDryRun: true,
    examples: [
      {
        description: 'Put the new service billing on the express train',
        example: [
          'steps:',
          '  - id: release-trains',
          '    action: release-trains:register-service',
          '    input:',
          '      entityRef: component:default/billing',
          '      pipeline: default',
          '      train: express',
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
              'Entity ref of the new service, e.g. component:default/billing',
            ),
        pipeline: z => z.string().min(1).describe('The pipeline it runs'),
        train: z =>
          z.string().optional().describe('The train it rides; none when empty'),
      },
      output: {
        releaseTabUrl: z =>
          z.string().describe('The service’s Release tab in the portal'),
      },
    },
    async handler(ctx) {
      const { entityRef, pipeline } = ctx.input;
      // Template forms send an empty string for a field left blank.
      const train = ctx.input.train || undefined;
      const { name } = parseEntityRef(entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
        throw new Error(
          `'${name}' is not a valid service name: use letters, digits, '-', '_' and '.', at most 63 characters`,
        );
      }
      if (ctx.isDryRun) {
        // Read-only: check the pipeline and train exist.
        const [pipelines, trains] = await call(
          await ctx.getInitiatorCredentials(),
          'check',
          (client, asInitiator) =>
            Promise.all([
              client.listPipelines(asInitiator),
              client.listTrains(asInitiator),
            ]),
        );
        if (!pipelines.items.some(p => p.name === pipeline)) {
          throw new Error(
            `Release Trains has no pipeline '${pipeline}' (known: ${pipelines.items
              .map(p => p.name)
              .join(', ')})`,
          );
        }
        if (train && !trains.items.some(t => t.name === train)) {
          throw new Error(
            `Release Trains has no train '${train}' (known: ${
              trains.items.map(t => t.name).join(', ') || 'none'
            })`,
          );
        }
        ctx.logger.info(
          `Dry run: would register ${entityRef} on pipeline ${pipeline}${
            train ? ` and the ${train} train` : ''
          }`,
        );
        return;
      }
      const registered = await call(
        await ctx.getInitiatorCredentials(),
        'registration',
        (client, asInitiator) =>
          client.registerService(
            { service: entityRef, pipeline, train },
            asInitiator,
          ),
      );
      ctx.logger.info(
        `Registered ${registered.service} on pipeline ${registered.pipeline}${
          registered.train ? ` and the ${registered.train} train` : ''
        }; watch it at ${registered.releaseTabUrl}`,
      );
      ctx.output('releaseTabUrl', registered.releaseTabUrl);
    },
  });
}
