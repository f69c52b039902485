import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReleaseTrainsDeployer } from '@internal/backstage-plugin-release-trains-node';
import { Knex } from 'knex';
import { ApprovalStore } from '../ledger/ApprovalStore';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import { ApproverCheck } from '../promotion/approvers';
import { PromotionService } from '../promotion/PromotionService';
import { testPeople } from './startTestLedgerBackend';

/**
 * A promotion service on a test database with the given deployers, the
 * test people as approvers, no notifications or signals, and optionally a
 * controlled clock.
 */
export function createTestPromotionService(
  db: Knex,
  options: { deployers: ReleaseTrainsDeployer[]; now?: () => Date },
): PromotionService {
  return new PromotionService({
    deployments: new DeploymentStore(db),
    versions: new VersionStore(db),
    approvals: new ApprovalStore(db),
    approvers: new ApproverCheck({
      catalog: catalogServiceMock({ entities: testPeople }),
      auth: mockServices.auth(),
    }),
    deployers: new Map(options.deployers.map(d => [d.id, d])),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    events: {
      deploymentChanged: async () => {},
      approvalNeeded: async () => {},
      ownersConcerned: async () => {},
      ungatedDeployment: async () => {},
    },
    ...(options.now && { now: options.now }),
  });
}
