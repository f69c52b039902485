import { mockServices } from '@backstage/backend-test-utils';
import { ReleaseTrainsDeployer } from '@internal/backstage-plugin-release-trains-node';
import { Knex } from 'knex';
import { ApprovalStore } from '../ledger/ApprovalStore';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import { PromotionService } from '../promotion/PromotionService';

/**
 * A promotion service on a test database with the given deployers, no
 * notifications or signals, and optionally a controlled clock.
 */
export function createTestPromotionService(
  db: Knex,
  options: { deployers: ReleaseTrainsDeployer[]; now?: () => Date },
): PromotionService {
  return new PromotionService({
    deployments: new DeploymentStore(db),
    versions: new VersionStore(db),
    approvals: new ApprovalStore(db),
    deployers: new Map(options.deployers.map(d => [d.id, d])),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    events: {
      deploymentChanged: async () => {},
      approvalNeeded: async () => {},
      ownersConcerned: async () => {},
    },
    ...(options.now && { now: options.now }),
  });
}
