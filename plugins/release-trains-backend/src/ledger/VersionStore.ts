import { ConflictError } from '@backstage/errors';
import {
  Change,
  WaitingVersion,
} from '@internal/backstage-plugin-release-trains-common';
import { Knex } from 'knex';
import { toIso } from './timestamps';

type Timestamp = Date | string | number;

export type VersionRow = {
  id: number | string;
  service_ref: string;
  version: string;
  commit_sha: string;
  artifact: string | null;
  built_at: Timestamp;
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
};

/** A build of a service to add to the ledger, with the changes it brought. */
export type NewVersion = {
  service: string;
  version: string;
  commitSha: string;
  artifact?: string;
  builtAt: Date;
  changes: Change[];
};

/**
 * Versions (immutable builds) and the changes they carry. A change is linked
 * to the version that first brought it; later versions contain it too.
 */
export class VersionStore {
  constructor(private readonly db: Knex) {}

  /**
   * Adds a version; the same version reported again is left as it is
   * (`created: false`), the same version string with another commit is a
   * conflict, since versions never change.
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

  /** The service's versions among `versions`, by version string. */
  async getMany(
    service: string,
    versions: string[],
  ): Promise<Map<string, VersionRow>> {
    if (versions.length === 0) {
      return new Map();
    }
    const rows = await this.db<VersionRow>('versions')
      .where({ service_ref: service })
      .whereIn('version', versions);
    return new Map(rows.map(row => [row.version, row]));
  }

  /**
   * Versions built after `after` (or all, when the stage runs nothing),
   * newest first; when `passedStage` is given, only those that succeeded
   * there.
   */
  async newerThan(
    service: string,
    options: { after?: string; passedStage?: string; limit: number },
  ): Promise<WaitingVersion[]> {
    const query = this.db<VersionRow>('versions as v')
      .where('v.service_ref', service)
      .orderBy([
        { column: 'v.built_at', order: 'desc' },
        { column: 'v.id', order: 'desc' },
      ])
      .limit(options.limit)
      .select('v.version', 'v.commit_sha', 'v.built_at');
    if (options.after) {
      const afterVersion = this.db('versions')
        .where({ service_ref: service, version: options.after })
        .select('built_at');
      query.where('v.built_at', '>', afterVersion);
    }
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

export function toChange(row: ChangeRow): Change {
  return {
    commitSha: row.commit_sha,
    ...(row.pr_number !== null && { prNumber: row.pr_number }),
    title: row.title,
    author: row.author,
    ...(row.merged_at !== null && { mergedAt: toIso(row.merged_at) }),
    issueKeys: JSON.parse(row.issue_keys),
  };
}
