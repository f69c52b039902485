import { DeploymentKind } from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { append, chunks } from './deploymentRows';
import { StageKey } from './StageStateStore';
import { sameServiceVersion } from './VersionStore';
import { Timestamp } from './timestamps';

/** A finished deployment into a stage, with its version. */
export type StageRunRow = {
  id: string;
  service_ref: string;
  stage: string;
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

/** What a stage runs (or ran at some time): its version and when it was built. */
export type RunningRow = {
  service_ref: string;
  stage: string;
  version: string;
  built_at: Timestamp | null;
};

/** A change and the build time of the first version that carried it. */
export type WaitingChangeRow = {
  id: number | string;
  service_ref: string;
  commit_sha: string;
  pr_number: number | null;
  title: string;
  author: string;
  merged_at: Timestamp | null;
  carrier_built_at: Timestamp;
};

/** Build times `(after, upTo]` of a service's versions; no `after`, from the first. */
export type BuildRange = { service: string; after?: Date; upTo: Date };

/** An ungated deployment that ran in a stage. */
export type UngatedRow = {
  id: string;
  service_ref: string;
  version: string;
  finished_at: Timestamp;
  created_by: string;
  reason: string | null;
};

/** The (service, stage) tuples of a `whereIn`. */
const keys = (stages: StageKey[]) =>
  stages.map(({ service, stage }) => [service, stage]);

/** Deployments that ran (they succeeded, some were rolled back later). */
const RAN = ['succeeded', 'rolled-back'];

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
      append(
        rows,
        await this.db('deployments as d')
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
            'd.stage',
            'd.version',
            'd.kind',
            'd.state',
            'd.finished_at',
            'v.built_at',
            'v.hotfix',
          ),
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
      append(
        rows,
        await this.db('changes as c')
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
          ),
      );
    }
    return rows;
  }

  /** What each of these stages runs now, as the stage rows say. */
  async runningNow(stages: StageKey[]): Promise<RunningRow[]> {
    const rows: RunningRow[] = [];
    for (const chunk of chunks(stages, 500)) {
      append(
        rows,
        await this.db('stage_state as s')
          .leftJoin(
            'versions as v',
            sameServiceVersion('v', 's.current_version'),
          )
          .whereIn(['s.service_ref', 's.stage'], keys(chunk))
          .whereNotNull('s.current_version')
          .select(
            's.service_ref',
            's.stage',
            's.current_version as version',
            'v.built_at',
          ),
      );
    }
    return rows;
  }

  /**
   * What each of these stages ran at `at`: the version of the last
   * deployment that ran there and finished by then.
   */
  async runningAt(stages: StageKey[], at: Date): Promise<RunningRow[]> {
    const rows: RunningRow[] = [];
    for (const chunk of chunks(stages, 500)) {
      const ran = this.db('deployments as d')
        .whereIn(['d.service_ref', 'd.stage'], keys(chunk))
        .whereIn('d.state', RAN)
        .where('d.finished_at', '<=', at)
        .select(
          'd.service_ref',
          'd.stage',
          'd.version',
          this.db.raw(
            'row_number() over (partition by d.service_ref, d.stage order by d.finished_at desc, d.id desc) as position',
          ),
        );
      append(
        rows,
        await this.db
          .from(ran.as('r'))
          .leftJoin('versions as v', sameServiceVersion('v', 'r.version'))
          .where('r.position', 1)
          .select('r.service_ref', 'r.stage', 'r.version', 'v.built_at'),
      );
    }
    return rows;
  }

  /** The changes whose first carrying version was built in each range. */
  async carriedIn(ranges: BuildRange[]): Promise<WaitingChangeRow[]> {
    const rows: WaitingChangeRow[] = [];
    for (const chunk of chunks(ranges, 100)) {
      const carrier = 'min(v.built_at)';
      append(
        rows,
        await this.db('changes as c')
          .join('version_changes as vc', 'vc.change_id', 'c.id')
          .join('versions as v', 'v.id', 'vc.version_id')
          .whereIn(
            'c.service_ref',
            chunk.map(range => range.service),
          )
          .groupBy(
            'c.id',
            'c.service_ref',
            'c.commit_sha',
            'c.pr_number',
            'c.title',
            'c.author',
            'c.merged_at',
          )
          .havingRaw(
            chunk
              .map(
                range =>
                  `(c.service_ref = ? and ${carrier} <= ?${
                    range.after ? ` and ${carrier} > ?` : ''
                  })`,
              )
              .join(' or '),
            chunk.flatMap(range => [
              range.service,
              range.upTo,
              ...(range.after ? [range.after] : []),
            ]),
          )
          .select(
            'c.id',
            'c.service_ref',
            'c.commit_sha',
            'c.pr_number',
            'c.title',
            'c.author',
            'c.merged_at',
            this.db.raw(`${carrier} as carrier_built_at`),
          ),
      );
    }
    return rows;
  }

  /** The versions built in each range. */
  async builtIn(
    ranges: BuildRange[],
  ): Promise<{ service_ref: string; built_at: Timestamp }[]> {
    const rows: { service_ref: string; built_at: Timestamp }[] = [];
    for (const chunk of chunks(ranges, 100)) {
      append(
        rows,
        await this.db('versions')
          .where(query => {
            for (const range of chunk) {
              query.orWhere(inRange => {
                inRange
                  .where('service_ref', range.service)
                  .where('built_at', '<=', range.upTo);
                if (range.after) inRange.where('built_at', '>', range.after);
              });
            }
          })
          .select('service_ref', 'built_at'),
      );
    }
    return rows;
  }

  /**
   * For each stage, when it first ran a version built at or after
   * `builtSince`: when a change that version carried arrived there.
   */
  async firstRunSince(
    items: (StageKey & { builtSince: Date })[],
  ): Promise<(StageKey & { at: Timestamp })[]> {
    const rows: (StageKey & { at: Timestamp })[] = [];
    for (const chunk of chunks(items, 100)) {
      append(
        rows,
        await this.db('deployments as d')
          .join('versions as v', sameServiceVersion('v', 'd.version'))
          .whereIn('d.state', RAN)
          .where(query => {
            for (const item of chunk) {
              query.orWhere(q =>
                q
                  .where('d.service_ref', item.service)
                  .where('d.stage', item.stage)
                  .where('v.built_at', '>=', item.builtSince),
              );
            }
          })
          .groupBy('d.service_ref', 'd.stage')
          .select(
            'd.service_ref as service',
            'd.stage',
            this.db.raw('min(d.finished_at) as at'),
          ),
      );
    }
    return rows;
  }

  /**
   * Per service, the deployments into its given stage that ran and finished
   * in `[from, to)`, and how many of them passed the gate.
   */
  async gateCounts(
    stages: StageKey[],
    from: Date,
    to: Date,
  ): Promise<
    { service_ref: string; ran: number | string; gated: number | string }[]
  > {
    const rows: {
      service_ref: string;
      ran: number | string;
      gated: number | string;
    }[] = [];
    for (const chunk of chunks(stages, 500)) {
      append(
        rows,
        await this.ranIn(chunk, from, to)
          .groupBy('d.service_ref')
          .select(
            'd.service_ref',
            this.db.raw('count(*) as ran'),
            this.db.raw('sum(case when d.ungated then 0 else 1 end) as gated'),
          ),
      );
    }
    return rows;
  }

  /**
   * The ungated deployments into each service's given stage that ran and
   * finished in `[from, to)`: the newest `limit` of each service.
   */
  async ungatedIn(
    stages: StageKey[],
    from: Date,
    to: Date,
    limit: number,
  ): Promise<UngatedRow[]> {
    const rows: UngatedRow[] = [];
    for (const chunk of chunks(stages, 500)) {
      const ranked = this.ranIn(chunk, from, to)
        .where('d.ungated', true)
        .select(
          'd.id',
          'd.service_ref',
          'd.version',
          'd.finished_at',
          'd.created_by',
          'd.reason',
          this.db.raw(
            'row_number() over (partition by d.service_ref order by d.finished_at desc, d.id desc) as position',
          ),
        );
      append(
        rows,
        await this.db
          .from(ranked.as('r'))
          .where('r.position', '<=', limit)
          .orderBy([{ column: 'r.service_ref' }, { column: 'r.position' }])
          .select(
            'r.id',
            'r.service_ref',
            'r.version',
            'r.finished_at',
            'r.created_by',
            'r.reason',
          ),
      );
    }
    return rows;
  }

  /** Deployments into these stages that ran and finished in `[from, to)`. */
  ranIn(stages: StageKey[], from: Date, to: Date) {
    return this.db('deployments as d')
      .whereIn(['d.service_ref', 'd.stage'], keys(stages))
      .whereIn('d.state', RAN)
      .where('d.finished_at', '>=', from)
      .where('d.finished_at', '<', to);
  }
}
