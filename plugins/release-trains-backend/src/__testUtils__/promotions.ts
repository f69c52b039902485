import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReleaseTrainsDeployer } from '@release-trains/plugin-release-trains-node';
import { Knex } from 'knex';
import { Ledger } from '../ledger/Ledger';
import { ApproverCheck } from '../promotion/approvers';
import {
  createPromotionEngine,
  PromotionEngine,
} from '../promotion/PromotionEngine';
import { testPeople } from './startTestLedgerBackend';

/**
 * The promotion engine on a test database with the given deployers, the
 * test people as approvers, no notifications or signals, and optionally a
 * controlled clock.
 */
export function createTestPromotionEngine(
  db: Knex,
  options: { deployers: ReleaseTrainsDeployer[]; now?: () => Date },
): PromotionEngine {
  return createPromotionEngine({
    ledger: new Ledger(db),
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
      driftFound: async () => {},
      rolloutPaused: async () => {},
    },
    ...(options.now && { now: options.now }),
  });
}
