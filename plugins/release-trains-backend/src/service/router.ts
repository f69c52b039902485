import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import Router from 'express-promise-router';
import { ServiceAccess } from '../catalog/ServiceAccess';
import { ServiceRegistration } from '../catalog/ServiceRegistration';
import { PipelineConfig } from '../config/pipelines';
import { IngestionService } from '../ingestion/IngestionService';
import { IngestionSettings } from '../ingestion/sources';
import { ChangeStore } from '../ledger/ChangeStore';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { ServiceStore } from '../ledger/ServiceStore';
import { VersionStore } from '../ledger/VersionStore';
import { PromotionService } from '../promotion/PromotionService';
import { UngatedDeployments } from '../promotion/ungated';
import { loadOpenApiSpec } from '../schema/spec';
import { Conductor } from '../trains/Conductor';
import { TrainsService } from '../trains/TrainsService';
import { parseJsonBodies, rejectNulCharacters } from './requestLimits';
import { RouteGuard } from './RouteGuard';
import { changesRoutes } from './routes/changes';
import { deploymentsRoutes } from './routes/deployments';
import { eventsRoutes, authenticateDelivery } from './routes/events';
import { graphRoutes } from './routes/graph';
import { pipelineRoutes } from './routes/pipeline';
import { promotionsRoutes } from './routes/promotions';
import { servicesRoutes } from './routes/services';
import { trainsRoutes } from './routes/trains';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  access: ServiceAccess;
  deployments: DeploymentStore;
  versions: VersionStore;
  changes: ChangeStore;
  serviceStore: ServiceStore;
  ingestion: IngestionService;
  ingestionSettings: IngestionSettings;
  promotions: PromotionService;
  ungated: UngatedDeployments;
  registration: ServiceRegistration;
  pipelines: ReadonlyMap<string, PipelineConfig>;
  trainsService: TrainsService;
  conductor: Conductor;
};

/** What every route file gets: the validated router, the guard, the services. */
export type RouteContext = RouterOptions & {
  router: express.Router;
  guard: RouteGuard;
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const guard = new RouteGuard(options);
  // The spec is loaded at run time, so routes are typed by hand.
  const router = createValidatedOpenApiRouter<any>(loadOpenApiSpec(), {
    // The body is parsed once, in front (see below), not again here.
    middleware: [(_req, _res, next) => next()],
  }) as unknown as express.Router;

  // Authentication errors must pass by the validator, which turns every
  // error it sees into a 400; so bodies are parsed (within their limits)
  // and CI deliveries authenticated in front of it.
  const root = Router();
  root.use(...parseJsonBodies());
  root.post('/events', authenticateDelivery(options));
  root.use(rejectNulCharacters);
  root.use(router);

  const context: RouteContext = { ...options, router, guard };
  for (const routes of [
    pipelineRoutes,
    deploymentsRoutes,
    promotionsRoutes,
    changesRoutes,
    trainsRoutes,
    graphRoutes,
    servicesRoutes,
    eventsRoutes,
  ]) {
    routes(context);
  }
  return root;
}
