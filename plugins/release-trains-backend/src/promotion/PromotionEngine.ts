import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ReleaseTrainsDeployer } from '@release-trains/plugin-release-trains-node';
import { Ledger } from '../ledger/Ledger';
import { ApprovalService } from './ApprovalService';
import { ApproverCheck } from './approvers';
import { DeploymentRunner } from './DeploymentRunner';
import { GateCheck } from './GateCheck';
import { PromotionEvents } from './PromotionEvents';
import { PromotionService } from './PromotionService';

/** The promotion engine's services, wired to one ledger and one clock. */
export type PromotionEngine = {
  promotions: PromotionService;
  approvals: ApprovalService;
  runner: DeploymentRunner;
};

export function createPromotionEngine(options: {
  ledger: Ledger;
  approvers: ApproverCheck;
  deployers: ReadonlyMap<string, ReleaseTrainsDeployer>;
  auditor: AuditorService;
  logger: LoggerService;
  events: PromotionEvents;
  now?: () => Date;
}): PromotionEngine {
  const { ledger, events } = options;
  const now = options.now ?? (() => new Date());
  const gateCheck = new GateCheck({ ledger, now });
  const runner = new DeploymentRunner({
    ledger,
    deployers: options.deployers,
    auditor: options.auditor,
    logger: options.logger,
    events,
    now,
  });
  const approvals = new ApprovalService({
    ledger,
    approvers: options.approvers,
    gateCheck,
    runner,
    events,
    now,
  });
  const promotions = new PromotionService({
    ledger,
    gateCheck,
    approvals,
    runner,
    events,
    now,
  });
  return { promotions, approvals, runner };
}
