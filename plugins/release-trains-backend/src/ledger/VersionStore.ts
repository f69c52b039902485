import { ConflictError } from '@backstage/errors';
import {
  Change,
  WaitingVersion,
} from '@release-trains/plugin-release-trains-common';
import { ImportedVersion } from '@release-trains/plugin-release-trains-node';
import { Knex } from 'knex';
import { DoraFactStore } from './DoraFactStore';
import { isHotfix } from './hotfix';
import { Timestamp, toIso } from './timestamps';

export type VersionRow = {
  id: number | string;
  service_ref: string;
  version: string;
  commit_sha: string;
  artifact: string | null;
  built_at: Timestamp;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite. */
  hotfix: boolean | number;
};

export type ChangeRow = {
  id: number | string;
  service_ref: string;
  commit_sha: string;
  pr_number: number | null;
  title: string;
  author: string;
  merged_at: Timestamp | null;
  issue_keys: string;
  committed_at: Timestamp | null;
  /** JSON array. */
  labels: string;
};

/**
 * A build of a service to add to the ledger, with the changes it brought:
 * the same whether CI reports it or a history importer brings it; only CI
 * says what kind of build it is.
 */
export type NewVersion = ImportedVersion;

/**
 * Versions (immutable builds) and the changes they carry. A change is linked
 * to the version that first brought it; later versions contain it too.
 */
export class VersionStore {
  constructor(private readonly db: Knex) {}

  /**
   * Adds a version; the same version reported again is left as it is
   * (`created: false`) whatever else its report says (changes, labels,
   * kind: the first report stands), the same version string with another
   * commit is a conflict, since versions never change.
   */
  async add(input: NewVersion): Promise<{ created: boolean }> {
    const existing = await this.db<VersionRow>('versions')
      .where({ service_ref: input.service, version: input.version })
      .first();
    if (existing) {
      if (existing.commit_sha !== input.commitSha.toLowerCase()) {
        throw new ConflictError(
          `${input.service} ${input.version} was built from ${existing.commit_sha}, not ${input.commitSha}`,
        );
      }
      return { created: false };
    }
    const [inserted] = await this.db<VersionRow>('versions')
      .insert({
        service_ref: input.service,
        version: input.version,
        commit_sha: input.commitSha.toLowerCase(),
        artifact: input.artifact ?? null,
        built_at: input.builtAt,
        hotfix: isHotfix(input),
      })
      .returning('id');
    const versionId = typeof inserted === 'object' ? inserted.id : inserted;
    for (const change of input.changes) {
      const changeId = await this.addChange(input.service, change);
      await this.db('version_changes')
        .insert({ version_id: versionId, change_id: changeId })
        .onConflict(['version_id', 'change_id'])
        .ignore();
    }
    // Its build time may change what the service's deployments count for.
    await new DoraFactStore(this.db).markServiceChanged(input.service);
    return { created: true };
  }

  private async addChange(service: string, change: Change) {
    const sha = change.commitSha.toLowerCase();
    await this.db<ChangeRow>('changes')
      .insert({
        service_ref: service,
        commit_sha: sha,
        pr_number: change.prNumber ?? null,
        title: change.title,
        author: change.author,
        merged_at: change.mergedAt ? new Date(change.mergedAt) : null,
        issue_keys: JSON.stringify(change.issueKeys),
        committed_at: change.committedAt ? new Date(change.committedAt) : null,
        labels: JSON.stringify(change.labels ?? []),
      })
      .onConflict(['service_ref', 'commit_sha'])
      .ignore();
    const row = await this.db<ChangeRow>('changes')
      .where({ service_ref: service, commit_sha: sha })
      .first('id');
    const changeId = row!.id;
    if (change.issueKeys.length > 0) {
      await this.db('change_issue_keys')
        .insert(
          change.issueKeys.map(key => ({
            change_id: changeId,
            issue_key: key.toUpperCase(),
          })),
        )
        .onConflict(['change_id', 'issue_key'])
        .ignore();
    }
    return changeId;
  }

  /** When each of these versions of a service was built. */
  async builtAt(
    service: string,
    versions: string[],
  ): Promise<Map<string, Date>> {
    const rows: Pick<VersionRow, 'version' | 'built_at'>[] = versions.length
      ? await this.db<VersionRow>('versions')
          .where({ service_ref: service })
          .whereIn('version', versions)
          .select('version', 'built_at')
      : [];
    return new Map(rows.map(row => [row.version, new Date(row.built_at)]));
  }

  async get(service: string, version: string): Promise<VersionRow | undefined> {
    return this.db<VersionRow>('versions')
      .where({ service_ref: service, version })
      .first();
  }

  /**
   * Versions built after the one `stage` runs (all, when it runs nothing),
   * newest first; when `passedStage` is given, only those that succeeded
   * there. Two statements; a view can ask for every stage at once.
   */
  async waitingFor(
    service: string,
    options: { stage: string; passedStage?: string; limit: number },
  ): Promise<WaitingVersion[]> {
    const query = this.db<VersionRow>('versions as v')
      .where('v.service_ref', service)
      .orderBy([
        { column: 'v.built_at', order: 'desc' },
        { column: 'v.id', order: 'desc' },
      ])
      .limit(options.limit)
      .select('v.version', 'v.commit_sha', 'v.built_at');
    // The running version's build time first: a plain bound lets the read
    // be a range of the (service, built_at) index.
    const running: { built_at: VersionRow['built_at'] | null } | undefined =
      await this.db('stage_state as s')
        .leftJoin('versions as w', sameServiceVersion('w', 's.current_version'))
        .where('s.service_ref', service)
        .where('s.stage', options.stage)
        .whereNotNull('s.current_version')
        .first('w.built_at');
    if (running?.built_at === null) {
      // The stage runs a version the ledger has no build of: none is newer.
      return [];
    }
    if (running) query.where('v.built_at', '>', running.built_at);
    if (options.passedStage) {
      query.whereExists(
        this.db('deployments as d')
          .where('d.service_ref', service)
          .where('d.stage', options.passedStage)
          .where('d.state', 'succeeded')
          .whereRaw('d.version = v.version'),
      );
    }
    const rows: Pick<VersionRow, 'version' | 'commit_sha' | 'built_at'>[] =
      await query;
    return rows.map(row => ({
      version: row.version,
      commitSha: row.commit_sha,
      builtAt: toIso(row.built_at),
    }));
  }
}

/**
 * Join condition: the `versions` row (aliased `versions`) of the same
 * service whose version string is in `versionColumn` (`alias.column`).
 */
export function sameServiceVersion(versions: string, versionColumn: string) {
  const row = versionColumn.split('.')[0];
  return function joinVersion(this: Knex.JoinClause) {
    this.on(`${versions}.service_ref`, '=', `${row}.service_ref`).andOn(
      `${versions}.version`,
      '=',
      versionColumn,
    );
  };
}

export function toChange(row: ChangeRow): Change {
  const labels: string[] = JSON.parse(row.labels);
  return {
    commitSha: row.commit_sha,
    ...(row.pr_number !== null && { prNumber: row.pr_number }),
    title: row.title,
    author: row.author,
    ...(row.merged_at !== null && { mergedAt: toIso(row.merged_at) }),
    issueKeys: JSON.parse(row.issue_keys),
    ...(row.committed_at !== null && {
      committedAt: toIso(row.committed_at),
    }),
    ...(labels.length > 0 && { labels }),
  };
}
