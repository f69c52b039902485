import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { cp, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Demo only: lets the catalog take `file` locations registered through its
 * API, which the local publish target below uses.
 */
export const demoFileLocationsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'demo-file-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (config.getOptionalBoolean('releaseTrains.demo.localPublish')) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
      },
    });
  },
});

/**
 * Demo only: a publish target for machines without a Git host. Copies the
 * new service's files to `.data/golden-path/<name>` and registers its
 * catalog-info.yaml with the catalog as a file location.
 */
export const demoPublishLocalModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'demo-publish-local',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, catalog, auth, config }) {
        if (!config.getOptionalBoolean('releaseTrains.demo.localPublish')) {
          return;
        }
        const root = resolve(
          resolvePackagePath('backend'),
          '..',
          '..',
          '.data',
          'golden-path',
        );
        scaffolderActions.addActions(
          createTemplateAction({
            id: 'demo:publish:local',
            description:
              'Demo only: keeps the new repository in .data/golden-path/<name> on the portal machine and registers it with the catalog',
            supportsDryRun: true,
            schema: {
              input: {
                name: z =>
                  z
                    .string()
                    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
                    .describe('Directory name: the service name'),
              },
              output: {
                directory: z => z.string().describe('Where the files are'),
                entityRef: z => z.string().describe('The registered entity'),
              },
            },
            async handler(ctx) {
              const directory = join(root, ctx.input.name);
              const entityRef = `component:default/${ctx.input.name}`;
              if (ctx.isDryRun) {
                ctx.logger.info(
                  `Dry run: would keep the repository in ${directory} and register ${entityRef}`,
                );
                return;
              }
              await mkdir(root, { recursive: true });
              await cp(ctx.workspacePath, directory, {
                recursive: true,
                force: true,
              });
              await catalog.addLocation(
                {
                  type: 'file',
                  target: join(directory, 'catalog-info.yaml'),
                },
                { credentials: await auth.getOwnServiceCredentials() },
              );
              ctx.logger.info(
                `No Git host is configured: the repository is kept in ${directory} and ${entityRef} is registered from there`,
              );
              ctx.output('directory', directory);
              ctx.output('entityRef', entityRef);
            },
          }),
        );
      },
    });
  },
});
