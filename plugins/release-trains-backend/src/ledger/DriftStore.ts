import { Knex } from 'knex';
import { append, chunks } from './deploymentRows';
import { StageKey } from './StageStateStore';
import { Timestamp } from './timestamps';

/** What a stage runs now, and whether that run passed the stage's gate. */
export type CurrentRunRow = {
  service_ref: string;
  stage: string;
  version: string;
  since: Timestamp | null;
  ungated: boolean | number | null;
};

/** A drift the owners were told of. */
export type DriftNotice = {
  service: string;
  stage: string;
  kind: string;
  message: string;
};

const noticeKey = (n: { service: string; stage: string; kind: string }) =>
  `${n.service}\u0000${n.stage}\u0000${n.kind}`;

/** What drift is read from, and the drift the owners were told of. */
export class DriftStore {
  constructor(private readonly db: Knex) {}

  /** The version each of these stages runs, with its deployment's gate. */
  async currentRuns(stages: StageKey[]): Promise<CurrentRunRow[]> {
    const rows: CurrentRunRow[] = [];
    for (const chunk of chunks(stages, 500)) {
      append(
        rows,
        await this.db('stage_state as s')
          .leftJoin('deployments as d', 'd.id', 's.current_deployment_id')
          .whereIn(
            ['s.service_ref', 's.stage'],
            chunk.map(({ service, stage }) => [service, stage]),
          )
          .whereNotNull('s.current_version')
          .select(
            's.service_ref',
            's.stage',
            's.current_version as version',
            's.current_since as since',
            'd.ungated',
          ),
      );
    }
    return rows;
  }

  /** Which of these versions ran (succeeded) in the stage given with each. */
  async ranIn(runs: (StageKey & { version: string })[]): Promise<Set<string>> {
    const ran = new Set<string>();
    for (const chunk of chunks(runs, 300)) {
      const rows: { service_ref: string; stage: string; version: string }[] =
        await this.db('deployments')
          .whereIn(
            ['service_ref', 'stage', 'version'],
            chunk.map(r => [r.service, r.stage, r.version]),
          )
          .whereIn('state', ['succeeded', 'rolled-back'])
          .distinct('service_ref', 'stage', 'version');
      for (const row of rows) {
        ran.add(`${row.service_ref}\u0000${row.stage}\u0000${row.version}`);
      }
    }
    return ran;
  }

  /**
   * Records the drift found now among these services: what is new is
   * returned (to be notified, once, whichever replica records it first),
   * and what has cleared is forgotten, so it is notified again if it comes
   * back.
   */
  async recordNotices(
    services: string[],
    found: DriftNotice[],
    at: Date,
  ): Promise<DriftNotice[]> {
    return this.db.transaction(async trx => {
      const known = new Set<string>();
      for (const chunk of chunks(services, 500)) {
        const rows: { service_ref: string; stage: string; kind: string }[] =
          await trx('drift_notices')
            .whereIn('service_ref', chunk)
            .select('service_ref', 'stage', 'kind');
        for (const row of rows) {
          known.add(
            noticeKey({
              service: row.service_ref,
              stage: row.stage,
              kind: row.kind,
            }),
          );
        }
      }
      const current = new Set(found.map(noticeKey));
      const cleared = [...known].filter(key => !current.has(key));
      for (const key of cleared) {
        const [service, stage, kind] = key.split('\u0000');
        await trx('drift_notices')
          .where({ service_ref: service, stage, kind })
          .delete();
      }
      const added: DriftNotice[] = [];
      for (const notice of found.filter(n => !known.has(noticeKey(n)))) {
        const inserted = await trx('drift_notices')
          .insert({
            service_ref: notice.service,
            stage: notice.stage,
            kind: notice.kind,
            message: notice.message.slice(0, 512),
            noticed_at: at,
          })
          .onConflict(['service_ref', 'stage', 'kind'])
          .ignore()
          .returning('service_ref');
        if (inserted.length > 0) added.push(notice);
      }
      return added;
    });
  }
}
