import {
  Approval,
  ApprovalDecision,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { toIso } from './timestamps';

type ApprovalRow = {
  deployment_id: string;
  version: string;
  approver: string;
  decision: ApprovalDecision;
  comment: string | null;
  at: Date | string | number;
};

/** Approvers' decisions on deployments, one per approver and deployment. */
export class ApprovalStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records a decision; an approver who already decided keeps the first
   * decision (a retried click changes nothing). True when it was new.
   */
  async add(approval: {
    deploymentId: string;
    version: string;
    approver: string;
    decision: ApprovalDecision;
    comment?: string;
  }): Promise<boolean> {
    const inserted = await this.db<ApprovalRow>('approvals')
      .insert({
        deployment_id: approval.deploymentId,
        version: approval.version,
        approver: approval.approver,
        decision: approval.decision,
        comment: approval.comment ?? null,
        at: new Date(),
      })
      .onConflict(['deployment_id', 'approver'])
      .ignore()
      .returning('approver');
    return inserted.length > 0;
  }

  /** The decisions on a deployment that count for `version`, oldest first. */
  async list(deploymentId: string, version: string): Promise<Approval[]> {
    const rows: ApprovalRow[] = await this.db<ApprovalRow>('approvals')
      .where({ deployment_id: deploymentId, version })
      .orderBy('id');
    return rows.map(row => ({
      approver: row.approver,
      decision: row.decision,
      ...(row.comment !== null && { comment: row.comment }),
      at: toIso(row.at),
    }));
  }
}
