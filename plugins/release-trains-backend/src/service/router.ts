import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEPLOYMENT_KINDS,
  PipelineView,
  releaseTrainsDeploymentCreatePermission,
} from '@internal/backstage-plugin-release-trains-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ServiceDirectory, toServiceRef } from '../catalog/ServiceDirectory';
import { DeploymentStore } from '../ledger/DeploymentStore';

const recordDeploymentBody = z.strictObject({
  service: z.string().min(1),
  stage: z.string().min(1),
  version: z
    .string()
    .min(1)
    .max(128)
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._+-]*$/,
      'must start with a letter or digit and contain only letters, digits and . _ + -',
    ),
  kind: z.enum(DEPLOYMENT_KINDS).optional(),
});

const listDeploymentsQuery = z.object({
  service: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const pipelineQuery = z.object({ service: z.string().min(1) });

/** Turns a zod failure into an InputError whose message names each field. */
function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(issue => {
      const field = issue.path.join('.');
      const keys =
        issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
      return field
        ? `${field}: ${issue.message}`
        : `${issue.message} ${keys}`.trim();
    });
    throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
  }
  return result.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  deployments: DeploymentStore;
  services: ServiceDirectory;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, deployments, services } = options;
  const router = Router();
  router.use(express.json());

  router.get('/pipeline', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(pipelineQuery, req.query, 'query');
    const serviceRef = toServiceRef(query.service);
    const service = await services.find(serviceRef, credentials);
    if (!service) {
      throw new NotFoundError(`No service ${serviceRef} in the catalog`);
    }
    const latest = await deployments.latestByStage(serviceRef);
    const view: PipelineView = {
      service: serviceRef,
      pipeline: service.pipeline.name,
      stages: service.pipeline.stages.map(stage => {
        const current = latest.get(stage.name);
        return {
          stage: stage.name,
          title: stage.title,
          ...(current && {
            current: {
              id: current.id,
              version: current.version,
              kind: current.kind,
              createdBy: current.createdBy,
              createdAt: current.createdAt,
            },
          }),
        };
      }),
    };
    res.json(view);
  });

  router.get('/deployments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(listDeploymentsQuery, req.query, 'query');
    const items = await deployments.listByService(toServiceRef(query.service), {
      limit: query.limit,
    });
    res.json({ items });
  });

  router.post('/deployments', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'deployment-record',
      severityLevel: 'medium',
      request: req,
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: releaseTrainsDeploymentCreatePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('Not allowed to record deployments');
      }

      const body = parse(recordDeploymentBody, req.body, 'request body');
      const serviceRef = toServiceRef(body.service);
      const service = await services.find(serviceRef, credentials);
      if (!service) {
        throw new InputError(`service: ${serviceRef} is not in the catalog`);
      }
      const stageNames = service.pipeline.stages.map(s => s.name);
      if (!stageNames.includes(body.stage)) {
        throw new InputError(
          `stage: '${body.stage}' is not a stage of pipeline '${
            service.pipeline.name
          }' (${stageNames.join(', ')})`,
        );
      }

      const deployment = await deployments.record({
        service: serviceRef,
        stage: body.stage,
        version: body.version,
        kind: body.kind ?? 'deploy',
        createdBy:
          credentials.principal.type === 'user'
            ? credentials.principal.userEntityRef
            : credentials.principal.subject,
      });
      await auditorEvent.success({
        meta: {
          deploymentId: deployment.id,
          service: deployment.service,
          stage: deployment.stage,
          version: deployment.version,
          kind: deployment.kind,
        },
      });
      res.status(201).json(deployment);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
