import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { parseEntityRef } from '@backstage/catalog-model';
import semver from 'semver';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  DeploymentKind,
  DeploymentState,
  RegisteredService,
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
  releaseTrainsPromotePermission,
  releaseTrainsRequirementSetPermission,
  releaseTrainsRollbackPermission,
  releaseTrainsServiceRegisterPermission,
} from '@internal/backstage-plugin-release-trains-common';
import { JsonObject } from '@backstage/types';
import express, { Request, RequestHandler } from 'express';
import Router from 'express-promise-router';
import { ServiceDirectory } from '../catalog/ServiceDirectory';
import { toServiceRef } from '../catalog/serviceRef';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SOURCE_HEADER,
  verifySignature,
} from '../ingestion/signature';
import {
  IngestionEvent,
  IngestionService,
} from '../ingestion/IngestionService';
import { ChangeStore } from '../ledger/ChangeStore';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { toChange, VersionStore } from '../ledger/VersionStore';
import { buildPipelineView } from '../queries/pipelineView';
import { whereIsMyChange } from '../queries/whereIsMyChange';
import { loadOpenApiSpec } from '../schema/spec';
import { PromotionService } from '../promotion/PromotionService';
import { TrainConfig } from '../config/trains';
import { PipelineConfig } from '../config/pipelines';
import {
  buildDependencyGraph,
  filterGraph,
  neighbourhood,
} from '../graph/dependencyGraph';
import { ServiceStore } from '../ledger/ServiceStore';
import { TrainStore } from '../ledger/TrainStore';
import { Conductor } from '../trains/Conductor';
import {
  departuresBetween,
  nextDeparture,
  toTrainDeparture,
} from '../trains/schedule';

type RawBodyRequest = Request & { rawBody?: Buffer };

const MAX_BODY = '5mb';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  deployments: DeploymentStore;
  versions: VersionStore;
  changes: ChangeStore;
  services: ServiceDirectory;
  ingestion: IngestionService;
  ingestionSecrets: ReadonlyMap<string, string>;
  promotions: PromotionService;
  pipelines: ReadonlyMap<string, PipelineConfig>;
  serviceStore: ServiceStore;
  /** The portal's URL (app.baseUrl), for links to Release tabs. */
  appBaseUrl: string;
  trains: ReadonlyMap<string, TrainConfig>;
  trainStore: TrainStore;
  conductor: Conductor;
};

function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string };
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => containsNul(key) || containsNul(item),
    );
  }
  return false;
}

/** No text the ledger stores may hold a NUL character (PostgreSQL refuses it). */
const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  next(
    containsNul(req.query) || containsNul(req.body)
      ? new InputError('Request contains a NUL character')
      : undefined,
  );
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    deployments,
    versions,
    changes,
    services,
    ingestion,
    ingestionSecrets,
    promotions,
    pipelines,
    serviceStore,
    appBaseUrl,
    trains,
    trainStore,
    conductor,
  } = options;

  /**
   * POST /events is open in the auth policy because CI may sign its body
   * instead of sending a Backstage token; this checks one or the other
   * before anything else looks at the request.
   */
  const authenticateEvents: RequestHandler = async (req, res, next) => {
    try {
      const signature = req.header(SIGNATURE_HEADER);
      res.locals.eventSource = signature
        ? verifySignature({
            rawBody: (req as RawBodyRequest).rawBody,
            source: req.header(SOURCE_HEADER),
            signature,
            secrets: ingestionSecrets,
          })
        : principalRef(await httpAuth.credentials(req, { allow: ['service'] }));
      next();
    } catch (error) {
      next(error);
    }
  };

  // The spec is loaded at run time, so routes are typed by hand below.
  const router = createValidatedOpenApiRouter<any>(loadOpenApiSpec(), {
    // The body is parsed once, in front (see below), not again here.
    middleware: [(_req, _res, next) => next()],
  }) as unknown as express.Router;

  // Authentication errors must pass by the validator, which turns every
  // error it sees into a 400; so bodies are parsed and events authenticated
  // in front of it.
  const root = Router();
  root.use(
    express.json({
      limit: MAX_BODY,
      verify: (req, _res, buffer) => {
        (req as RawBodyRequest).rawBody = buffer;
      },
    }),
  );
  root.post('/events', authenticateEvents);
  root.use(rejectNulCharacters);
  root.use(router);

  async function resolve(ref: string, credentials: BackstageCredentials) {
    const service = await services.find(toServiceRef(ref), credentials);
    if (!service) {
      throw new NotFoundError(`No service ${toServiceRef(ref)} in the catalog`);
    }
    return service;
  }

  router.get('/pipeline', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const service = await resolve(String(req.query.service), credentials);
    res.json(await buildPipelineView({ service, deployments, versions }));
  });

  router.get('/deployments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = req.query as Record<string, string | undefined>;
    res.json(
      await deployments.list(toServiceRef(query.service!), {
        stage: query.stage,
        state: query.state as DeploymentState | undefined,
        kind: query.kind as DeploymentKind | undefined,
        from: query.from,
        to: query.to,
        cursor: query.cursor,
        limit: Number(query.limit ?? 50),
      }),
    );
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

      const body = req.body as {
        service: string;
        stage: string;
        version: string;
        kind?: DeploymentKind;
      };
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
        createdBy: principalRef(credentials),
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

  router.post('/events', async (req, res) => {
    const source: string = res.locals.eventSource;
    const deliveryId = req.header(DELIVERY_HEADER)!;
    const auditorEvent = await auditor.createEvent({
      eventId: 'events-ingest',
      severityLevel: 'low',
      request: req,
      meta: { deliveryId, source },
    });
    try {
      const body = req.body as IngestionEvent | { events: IngestionEvent[] };
      const events = 'events' in body ? body.events : [body];
      const { result, replayed } = await ingestion.ingest({
        deliveryId,
        source,
        events,
      });
      await auditorEvent.success({
        meta: { events: events.length, replayed },
      });
      res.setHeader('X-Release-Trains-Replayed', String(replayed));
      res.status(200).json(result);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/changes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = req.query as Record<string, string | undefined>;
    if (!query.sha && !query.pr && !query.author && !query.issue) {
      throw new InputError(
        'Give one of sha (7+ hex characters), pr, author or issue',
      );
    }
    const items = await whereIsMyChange({
      query: {
        sha: query.sha,
        pr: query.pr === undefined ? undefined : Number(query.pr),
        author: query.author,
        issue: query.issue,
        service: query.service && toServiceRef(query.service),
        limit: Number(query.limit ?? 20),
      },
      changes,
      resolveServices: refs => services.findMany(refs, credentials),
      trainOf: ref => conductor.trainOf(ref),
    });
    res.json({ items });
  });

  /** What each resource permission allows, in a refusal's words. */
  const permissionVerbs: Record<string, string> = {
    [releaseTrainsPromotePermission.name]: 'promote',
    [releaseTrainsRollbackPermission.name]: 'roll back',
    [releaseTrainsApprovePermission.name]: 'approve deployments of',
    [releaseTrainsRequirementSetPermission.name]: 'set requirements of',
  };

  /** Refuses (403) unless the policy allows `permission` on the service. */
  async function authorizeOn(
    permission: ResourcePermission<'catalog-entity'>,
    serviceRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: serviceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${
          permissionVerbs[permission.name] ?? permission.name
        } ${serviceRef}`,
      );
    }
  }

  /** Runs a mutation as one audit event: who asked, what for, how it ended. */
  async function audited<T>(
    eventId: string,
    req: Request,
    meta: JsonObject,
    fn: () => Promise<T>,
    outcome: (result: T) => JsonObject = result => {
      const { id, state } = result as { id: string; state: string };
      return { deploymentId: id, state };
    },
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta: outcome(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/changes/between', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = req.query as Record<string, string | undefined>;
    const service = await resolve(query.service!, credentials);
    const rows = await changes.between(service.ref, query.from, query.to!, 200);
    res.json({ items: rows.map(toChange) });
  });

  router.get('/promotions/check', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = req.query as Record<string, string | undefined>;
    const service = await resolve(query.service!, credentials);
    const { running: _, ...check } = await promotions.check(service, {
      version: query.version!,
      stage: query.stage,
    });
    res.json(check);
  });

  router.post('/promotions', async (req, res) => {
    const body = req.body as {
      service: string;
      version: string;
      stage?: string;
      reason?: string;
    };
    const details = await audited('promotion-request', req, body, async () => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const service = await resolve(body.service, credentials);
      await authorizeOn(
        releaseTrainsPromotePermission,
        service.ref,
        credentials,
      );
      return promotions.promote(service, {
        version: body.version,
        stage: body.stage,
        reason: body.reason,
        requestedBy: principalRef(credentials),
      });
    });
    res.status(201).json(details);
  });

  router.post('/rollbacks', async (req, res) => {
    const body = req.body as {
      service: string;
      stage: string;
      version?: string;
      reason: string;
    };
    const details = await audited('rollback-request', req, body, async () => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const service = await resolve(body.service, credentials);
      await authorizeOn(
        releaseTrainsRollbackPermission,
        service.ref,
        credentials,
      );
      return promotions.rollback(service, {
        stage: body.stage,
        version: body.version,
        reason: body.reason,
        requestedBy: principalRef(credentials),
      });
    });
    res.status(201).json(details);
  });

  /** The deployment with the service it belongs to, or 404. */
  async function deploymentAndService(
    id: string,
    credentials: BackstageCredentials,
  ) {
    const deployment = await deployments.get(id);
    if (!deployment) {
      throw new NotFoundError(`No deployment ${id}`);
    }
    return {
      deployment,
      service: await resolve(deployment.service, credentials),
    };
  }

  router.get('/deployments/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { service } = await deploymentAndService(req.params.id, credentials);
    res.json(await promotions.details(service, req.params.id));
  });

  router.post('/deployments/:id/approvals', async (req, res) => {
    const body = req.body as {
      decision: 'approve' | 'reject';
      comment?: string;
    };
    const details = await audited(
      'approval-decision',
      req,
      { deploymentId: req.params.id, decision: body.decision },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const { service } = await deploymentAndService(
          req.params.id,
          credentials,
        );
        await authorizeOn(
          releaseTrainsApprovePermission,
          service.ref,
          credentials,
        );
        return promotions.decide(service, {
          deploymentId: req.params.id,
          approver: principalRef(credentials),
          decision: body.decision,
          comment: body.comment,
        });
      },
    );
    res.json(details);
  });

  router.get('/trains', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const now = new Date();
    const items = await Promise.all(
      [...trains.values()].map(async train => {
        const next = nextDeparture(train, now);
        return {
          name: train.name,
          title: train.title,
          cron: train.cron,
          timeZone: train.timeZone,
          cutoffMinutes: train.cutoffMinutes,
          pipeline: train.pipeline,
          boardsFrom: train.boardsFrom,
          ...(train.maxChanges !== undefined && {
            maxChanges: train.maxChanges,
          }),
          services: await conductor.servicesOf(train),
          freezes: train.freezes,
          ...(next && { next: toTrainDeparture(next) }),
        };
      }),
    );
    res.json({ items });
  });

  router.get('/trains/departures', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = req.query as Record<string, string | undefined>;
    const from = query.from ? new Date(query.from) : new Date();
    const to = query.to
      ? new Date(query.to)
      : new Date(from.getTime() + 7 * 24 * 3_600_000);
    if (to <= from || to.getTime() - from.getTime() > 62 * 24 * 3_600_000) {
      throw new InputError('to must be after from, at most 62 days later');
    }
    const selected = query.train
      ? [trains.get(query.train)]
      : [...trains.values()];
    if (selected.some(train => !train)) {
      throw new NotFoundError(`No train ${query.train}`);
    }
    const items = selected
      .flatMap(train => departuresBetween(train!, from, to))
      .sort((a, b) => a.departsAt.getTime() - b.departsAt.getTime())
      .map(toTrainDeparture);
    res.json({ items });
  });

  router.get('/trains/runs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = req.query as Record<string, string | undefined>;
    res.json({
      items: await trainStore.list({
        train: query.train,
        ...(query.before && { before: new Date(query.before) }),
        limit: Number(query.limit ?? 20),
      }),
    });
  });

  router.get('/trains/runs/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const run = await trainStore.get(req.params.id);
    if (!run) {
      throw new NotFoundError(`No train run ${req.params.id}`);
    }
    // The manifest: each service's version with the changes it brings.
    const items = await Promise.all(
      run.items.map(async item => ({
        ...item,
        changeList: item.version
          ? (
              await changes.between(
                item.service,
                item.fromVersion,
                item.version,
                50,
              )
            ).map(toChange)
          : [],
      })),
    );
    res.json({ ...run, items });
  });

  router.get('/graph', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = req.query as Record<string, string | undefined>;
    const graph = buildDependencyGraph({
      stage: query.stage!,
      services: await serviceStore.listAll(),
      running: await deployments.currentVersionsIn(query.stage!),
    });
    const scoped = query.service
      ? neighbourhood(
          graph,
          (await resolve(query.service, credentials)).ref,
          Number(query.depth ?? 1),
        )
      : graph;
    res.json(
      filterGraph(scoped, {
        owner: query.owner,
        system: query.system,
        violationsOnly: String(query.violations) === 'true',
      }),
    );
  });

  /** The service and dependency of a requirement, both on a pipeline. */
  async function requirementParties(
    body: { service: string; dependency: string },
    credentials: BackstageCredentials,
  ) {
    const service = await resolve(body.service, credentials);
    await authorizeOn(
      releaseTrainsRequirementSetPermission,
      service.ref,
      credentials,
    );
    const dependency = await services.find(
      toServiceRef(body.dependency),
      credentials,
    );
    if (!dependency) {
      throw new InputError(
        `dependency: ${toServiceRef(body.dependency)} is not in the catalog`,
      );
    }
    if (dependency.ref === service.ref) {
      throw new InputError('dependency: a service cannot require itself');
    }
    return { service: service.ref, dependency: dependency.ref };
  }

  router.put('/requirements', async (req, res) => {
    const body = req.body as {
      service: string;
      dependency: string;
      range: string;
    };
    const result = await audited(
      'requirement-set',
      req,
      body,
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const parties = await requirementParties(body, credentials);
        if (semver.validRange(body.range) === null) {
          throw new InputError(
            `range: '${body.range}' is not a valid semver range`,
          );
        }
        const changed = await serviceStore.setRequirement({
          ...parties,
          range: body.range,
          setBy: principalRef(credentials),
        });
        return { ...parties, range: body.range, changed };
      },
      ({ changed }) => ({ changed }),
    );
    res.json(result);
  });

  router.delete('/requirements', async (req, res) => {
    const query = req.query as { service: string; dependency: string };
    await audited(
      'requirement-remove',
      req,
      query,
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const parties = await requirementParties(query, credentials);
        return serviceStore.removeRequirement(
          parties.service,
          parties.dependency,
        );
      },
      removed => ({ removed }),
    );
    res.status(204).end();
  });

  router.get('/pipelines', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: [...pipelines.values()].map(pipeline => ({
        name: pipeline.name,
        stages: pipeline.stages.map(stage => ({
          name: stage.name,
          title: stage.title,
        })),
      })),
    });
  });

  router.post('/services', async (req, res) => {
    const body = req.body as {
      service: string;
      pipeline: string;
      train?: string;
    };
    const registered = await audited(
      'service-register',
      req,
      body,
      async (): Promise<RegisteredService> => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const [decision] = await permissions.authorize(
          [{ permission: releaseTrainsServiceRegisterPermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError('Not allowed to register services');
        }
        const ref = toServiceRef(body.service);
        if (!pipelines.has(body.pipeline)) {
          throw new InputError(
            `pipeline: '${body.pipeline}' is not configured (known: ${[
              ...pipelines.keys(),
            ].join(', ')})`,
          );
        }
        const train = body.train ? trains.get(body.train) : undefined;
        if (body.train && !train) {
          throw new InputError(
            `train: '${body.train}' is not configured (known: ${
              [...trains.keys()].join(', ') || 'none'
            })`,
          );
        }
        if (train && train.pipeline !== body.pipeline) {
          throw new InputError(
            `train: '${train.name}' runs pipeline '${train.pipeline}', not '${body.pipeline}'`,
          );
        }
        // Known now, before the catalog has processed the new entity; the
        // next sync brings owner, system and dependencies.
        const existing = await serviceStore.get(ref);
        await serviceStore.upsert({
          dependsOn: [],
          requires: {},
          ...existing,
          ref,
          pipeline: body.pipeline,
          ...(train ? { train: train.name } : { train: undefined }),
        });
        const { kind, namespace, name } = parseEntityRef(ref);
        return {
          service: ref,
          pipeline: body.pipeline,
          ...(train && { train: train.name }),
          releaseTabUrl: `${appBaseUrl}/catalog/${namespace}/${kind.toLocaleLowerCase(
            'en-US',
          )}/${name}/release`,
        };
      },
      result => ({ service: result.service, pipeline: result.pipeline }),
    );
    res.status(201).json(registered);
  });

  return root;
}
