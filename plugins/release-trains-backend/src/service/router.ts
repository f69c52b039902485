import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import Router from 'express-promise-router';
import { ServiceAccess } from '../catalog/ServiceAccess';
import { ServiceRegistration } from '../catalog/ServiceRegistration';
import { DependencyGraphService } from '../graph/DependencyGraphService';
import { IngestionService } from '../ingestion/IngestionService';
import { IngestionSettings } from '../ingestion/sources';
import { ComplianceService } from '../insights/ComplianceService';
import { DoraService } from '../insights/DoraService';
import { DriftService } from '../insights/DriftService';
import { LagService } from '../insights/LagService';
import { ApprovalService } from '../promotion/ApprovalService';
import { PromotionService } from '../promotion/PromotionService';
import { UngatedDeployments } from '../promotion/ungated';
import { RehearsalService } from '../rollout/RehearsalService';
import { RolloutService } from '../rollout/RolloutService';
import { ReleaseQueries } from '../queries/ReleaseQueries';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { TrainsService } from '../trains/TrainsService';
import { parseJsonBodies, rejectNulCharacters } from './requestLimits';
import { RouteGuard } from './RouteGuard';
import { approvalsRoutes } from './routes/approvals';
import { changesRoutes } from './routes/changes';
import { deploymentsRoutes } from './routes/deployments';
import { eventsRoutes, authenticateDelivery } from './routes/events';
import { graphRoutes } from './routes/graph';
import { insightsRoutes } from './routes/insights';
import { pipelineRoutes } from './routes/pipeline';
import { promotionsRoutes } from './routes/promotions';
import { requirementsRoutes } from './routes/requirements';
import { rehearsalsRoutes } from './routes/rehearsals';
import { rolloutsRoutes } from './routes/rollouts';
import { servicesRoutes } from './routes/services';
import { trainsRoutes } from './routes/trains';

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  access: ServiceAccess;
  queries: ReleaseQueries;
  promotions: PromotionService;
  approvals: ApprovalService;
  rollouts: RolloutService;
  rehearsals: RehearsalService;
  ungated: UngatedDeployments;
  graph: DependencyGraphService;
  dora: DoraService;
  drift: DriftService;
  lag: LagService;
  compliance: ComplianceService;
  trains: TrainsService;
  registration: ServiceRegistration;
  ingestion: IngestionService;
  ingestionSettings: IngestionSettings;
};

/** What every route file gets: the validated router, the guard, the services. */
export type RouteContext = RouterOptions & {
  /** Types each route's params, query, body and answer by the spec. */
  router: ApiRouter<typeof spec>;
  guard: RouteGuard;
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const guard = new RouteGuard(options);
  const router = await createOpenApiRouter({
    // The body is parsed once, in front (see below), not again here.
    middleware: [(_req, _res, next) => next()],
  });

  // Authentication errors must pass by the validator, which turns every
  // error it sees into a 400; so bodies are parsed (within their limits)
  // and CI deliveries authenticated in front of it.
  const root = Router();
  root.use(...parseJsonBodies());
  root.post('/events', authenticateDelivery(options));
  root.post(
    '/deployments/:id/health',
    authenticateDelivery(options, 'rollout-health-report'),
  );
  root.use(rejectNulCharacters);
  root.use(router);

  const context: RouteContext = { ...options, router, guard };
  for (const routes of [
    pipelineRoutes,
    deploymentsRoutes,
    promotionsRoutes,
    approvalsRoutes,
    changesRoutes,
    trainsRoutes,
    graphRoutes,
    insightsRoutes,
    requirementsRoutes,
    servicesRoutes,
    eventsRoutes,
    rolloutsRoutes,
    rehearsalsRoutes,
  ]) {
    routes(context);
  }
  return root;
}
