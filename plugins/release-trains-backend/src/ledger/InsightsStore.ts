import { DeploymentKind } from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { chunks } from './deploymentRows';
import { Timestamp } from './timestamps';

/** A finished deployment into a service's last stage, with its version. */
export type StageRunRow = {
  id: string;
  service_ref: string;
  version: string;
  kind: DeploymentKind;
  state: 'succeeded' | 'failed' | 'rolled-back';
  finished_at: Timestamp;
  built_at: Timestamp | null;
  hotfix: boolean | number | null;
};

/** A change, with the build time of the first version that carried it. */
export type CarriedChangeRow = {
  id: number | string;
  service_ref: string;
  committed_at: Timestamp | null;
  merged_at: Timestamp | null;
  carrier_built_at: Timestamp;
};

/** What the delivery insights read: finished deployments and their changes. */
export class InsightsStore {
  constructor(private readonly db: Knex) {}

  /**
   * The finished deployments (not cancelled) into each service's given
   * stage since `since`, oldest first.
   */
  async finishedIn(
    stages: { service: string; stage: string }[],
    since: Date,
  ): Promise<StageRunRow[]> {
    const rows: StageRunRow[] = [];
    for (const chunk of chunks(stages, 500)) {
      rows.push(
        ...(await this.db('deployments as d')
          .leftJoin('versions as v', join =>
            join
              .on('v.service_ref', 'd.service_ref')
              .andOn('v.version', 'd.version'),
          )
          .whereIn(
            ['d.service_ref', 'd.stage'],
            chunk.map(({ service, stage }) => [service, stage]),
          )
          .whereIn('d.state', ['succeeded', 'failed', 'rolled-back'])
          .where('d.finished_at', '>=', since)
          .select(
            'd.id',
            'd.service_ref',
            'd.version',
            'd.kind',
            'd.state',
            'd.finished_at',
            'v.built_at',
            'v.hotfix',
          )),
      );
    }
    return rows;
  }

  /**
   * The changes of these services whose first carrying version was built
   * since `since`.
   */
  async carriedSince(
    services: string[],
    since: Date,
  ): Promise<CarriedChangeRow[]> {
    const rows: CarriedChangeRow[] = [];
    for (const chunk of chunks(services, 500)) {
      rows.push(
        ...(await this.db('changes as c')
          .join('version_changes as vc', 'vc.change_id', 'c.id')
          .join('versions as v', 'v.id', 'vc.version_id')
          .whereIn('c.service_ref', chunk)
          .groupBy('c.id', 'c.service_ref', 'c.committed_at', 'c.merged_at')
          .havingRaw('min(v.built_at) >= ?', [since])
          .select(
            'c.id',
            'c.service_ref',
            'c.committed_at',
            'c.merged_at',
            this.db.raw('min(v.built_at) as carrier_built_at'),
          )),
      );
    }
    return rows;
  }
}
