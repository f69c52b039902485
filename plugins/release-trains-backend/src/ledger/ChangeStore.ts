import { ChangeQuery } from '@internal/backstage-plugin-release-trains-common';
import { Knex } from 'knex';
import { ChangeRow, VersionRow } from './VersionStore';

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

/** Finds changes by SHA prefix, PR number, author or issue key. */
export class ChangeStore {
  constructor(private readonly db: Knex) {}

  async find(query: ChangeQuery & { limit: number }): Promise<FoundChange[]> {
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
   * Since when a stage has run, without interruption, versions built no
   * earlier than `builtAt`; undefined when its latest run version is older.
   */
  async containedSince(
    service: string,
    stage: string,
    builtAt: Date,
  ): Promise<string | undefined> {
    const runs: {
      finished_at: Date | string | number;
      built_at: Date | string | number | null;
    }[] = await this.db('deployments as d')
      .leftJoin('versions as v', function joinVersion() {
        this.on('v.service_ref', '=', 'd.service_ref').andOn(
          'v.version',
          '=',
          'd.version',
        );
      })
      .where('d.service_ref', service)
      .where('d.stage', stage)
      .whereIn('d.state', ['succeeded', 'rolled-back'])
      .orderBy('d.finished_at', 'desc')
      .limit(200)
      .select('d.finished_at', 'v.built_at');
    let since: string | undefined;
    for (const run of runs) {
      if (run.built_at === null || new Date(run.built_at) < builtAt) {
        break;
      }
      since = new Date(run.finished_at).toISOString();
    }
    return since;
  }
}
