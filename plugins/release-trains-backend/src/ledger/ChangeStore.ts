import { ChangeQuery } from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { ChangeRow, sameServiceVersion, VersionRow } from './VersionStore';

const HEX = '0123456789abcdef';

/**
 * The smallest string above every string starting with a hex `prefix`, so
 * that a prefix search is a range scan on any collation and engine.
 */
export function shaPrefixUpperBound(prefix: string): string {
  const last = prefix[prefix.length - 1];
  const next = last === 'f' ? 'g' : HEX[HEX.indexOf(last) + 1];
  return prefix.slice(0, -1) + next;
}

/** A change found by a search, with the version that first carried it. */
export type FoundChange = {
  change: ChangeRow;
  carrier?: VersionRow;
};

/** Where a change stands in one stage. */
export type StageLocation = {
  runningVersion?: string;
  contains: boolean;
  since?: string;
};

/** Finds changes by SHA prefix, PR number, author or issue key. */
export class ChangeStore {
  constructor(private readonly db: Knex) {}

  async find(
    query: ChangeQuery & { limit: number; excludeServices?: string[] },
  ): Promise<FoundChange[]> {
    const changes = this.db<ChangeRow>('changes as c').select('c.*');
    if (query.sha) {
      const prefix = query.sha.toLowerCase();
      changes
        .where('c.commit_sha', '>=', prefix)
        .where('c.commit_sha', '<', shaPrefixUpperBound(prefix));
    }
    if (query.pr !== undefined) changes.where('c.pr_number', query.pr);
    if (query.author) changes.where('c.author', query.author);
    if (query.issue) {
      changes.whereIn(
        'c.id',
        this.db('change_issue_keys')
          .where('issue_key', query.issue.toUpperCase())
          .select('change_id'),
      );
    }
    if (query.service) changes.where('c.service_ref', query.service);
    if (query.excludeServices?.length) {
      changes.whereNotIn('c.service_ref', query.excludeServices);
    }
    const rows: ChangeRow[] = await changes
      .orderBy([
        { column: 'c.merged_at', order: 'desc' },
        { column: 'c.id', order: 'desc' },
      ])
      .limit(query.limit);
    if (rows.length === 0) {
      return [];
    }

    const links: (VersionRow & { change_id: number | string })[] =
      await this.db('version_changes as vc')
        .join('versions as v', 'v.id', 'vc.version_id')
        .whereIn(
          'vc.change_id',
          rows.map(row => row.id),
        )
        .select('v.*', 'vc.change_id');
    const carriers = new Map<string, VersionRow>();
    for (const link of links) {
      const key = String(link.change_id);
      const known = carriers.get(key);
      if (!known || new Date(link.built_at) < new Date(known.built_at)) {
        carriers.set(key, link);
      }
    }
    return rows.map(change => ({
      change,
      carrier: carriers.get(String(change.id)),
    }));
  }

  /**
   * The changes a stage would gain by moving from version `from` (exclusive;
   * nothing when absent) to version `to` (inclusive): those of the versions
   * built in between, newest first.
   */
  async between(
    service: string,
    from: string | undefined,
    to: string,
    limit: number,
  ): Promise<ChangeRow[]> {
    const builtAt = (version: string) =>
      this.db('versions')
        .where({ service_ref: service, version })
        .select('built_at');
    const query = this.db('changes as c')
      .join('version_changes as vc', 'vc.change_id', 'c.id')
      .join('versions as v', 'v.id', 'vc.version_id')
      .where('v.service_ref', service)
      .where('v.built_at', '<=', builtAt(to))
      .distinct('c.*')
      .orderBy([
        { column: 'c.merged_at', order: 'desc' },
        { column: 'c.id', order: 'desc' },
      ])
      .limit(limit);
    if (from) query.where('v.built_at', '>', builtAt(from));
    return query;
  }

  /**
   * Where a change of `service` built into a version at `carrierBuiltAt`
   * stands in each of `stages`: the version the stage runs, whether that
   * version contains the change (it was built no earlier than the carrier),
   * and since when the stage has run, without interruption, versions that
   * contain it. Two queries, whatever the number of stages.
   */
  async locate(
    service: string,
    stages: string[],
    carrierBuiltAt: Date | undefined,
  ): Promise<Map<string, StageLocation>> {
    const running: {
      stage: string;
      current_version: string | null;
      built_at: Date | string | number | null;
    }[] = await this.db('stage_state as s')
      .leftJoin('versions as v', sameServiceVersion('v', 's.current_version'))
      .where('s.service_ref', service)
      .whereIn('s.stage', stages)
      .select('s.stage', 's.current_version', 'v.built_at');

    const containing = running
      .filter(
        row =>
          carrierBuiltAt &&
          row.built_at !== null &&
          new Date(row.built_at) >= carrierBuiltAt,
      )
      .map(row => row.stage);
    const since = carrierBuiltAt
      ? await this.containedSince(service, containing, carrierBuiltAt)
      : new Map<string, string>();

    return new Map(
      running.map(row => [
        row.stage,
        {
          ...(row.current_version !== null && {
            runningVersion: row.current_version,
          }),
          contains: containing.includes(row.stage),
          ...(since.has(row.stage) && { since: since.get(row.stage) }),
        },
      ]),
    );
  }

  /**
   * For each stage, the finish time of the oldest deployment in the
   * unbroken run, newest first, of versions built no earlier than
   * `builtAt` — looking back over the stage's last 200 deployments.
   */
  private async containedSince(
    service: string,
    stages: string[],
    builtAt: Date,
  ): Promise<Map<string, string>> {
    if (stages.length === 0) {
      return new Map();
    }
    // Each stage's newest 200 by the (service, stage, finished_at) index,
    // rather than ranking every deployment of the service.
    const recentIn = (stage: string, index: number) =>
      this.db
        .select('*')
        .from(
          this.db('deployments as d')
            .leftJoin('versions as v', sameServiceVersion('v', 'd.version'))
            .where({ 'd.service_ref': service, 'd.stage': stage })
            .whereIn('d.state', ['succeeded', 'rolled-back'])
            .orderBy('d.finished_at', 'desc')
            .limit(200)
            .select('d.stage', 'd.finished_at', 'v.built_at')
            .as(`recent_${index}`),
        );
    const [first, ...rest] = stages.map(recentIn);
    const rows: {
      stage: string;
      finished_at: Date | string | number;
      built_at: Date | string | number | null;
    }[] = await (rest.length > 0 ? first.unionAll(rest) : first);
    const finished = (run: (typeof rows)[number]) =>
      new Date(run.finished_at).getTime();
    const runs = rows.sort(
      (a, b) =>
        stages.indexOf(a.stage) - stages.indexOf(b.stage) ||
        finished(b) - finished(a),
    );

    const since = new Map<string, string>();
    const broken = new Set<string>();
    for (const run of runs) {
      if (broken.has(run.stage)) continue;
      if (run.built_at === null || new Date(run.built_at) < builtAt) {
        broken.add(run.stage);
      } else {
        since.set(run.stage, new Date(run.finished_at).toISOString());
      }
    }
    return since;
  }
}
