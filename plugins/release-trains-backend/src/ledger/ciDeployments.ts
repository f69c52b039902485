import { Knex } from 'knex';
import {
  chunks,
  DeploymentRow,
  externalKey,
  StoredDeployment,
  toStoredDeployment,
} from './deploymentRows';
import { StageKey } from './StageStateStore';
import { UNFINISHED_STATES } from './stateMachine';

/** What CI events merge into: their deployments and those in flight. */
export type CiWorkingSet = {
  /** The deployments with the events' CI ids, by `externalKey`. */
  byExternalId: Map<string, StoredDeployment>;
  /** The deployments not yet finished in the events' stages, oldest first. */
  unfinished: StoredDeployment[];
};

/**
 * Reads the deployments CI events are about, in one statement a chunk:
 * those with their CI ids, and those unfinished in their stages. Read with
 * the stage rows locked, so no concurrent delivery changes them meanwhile.
 */
export async function readCiWorkingSet(
  db: Knex,
  ids: { service: string; externalId: string }[],
  stages: StageKey[],
): Promise<CiWorkingSet> {
  const found: CiWorkingSet = { byExternalId: new Map(), unfinished: [] };
  const idChunks = chunks(ids, 500);
  const stageChunks = chunks(stages, 500);
  for (let i = 0; i < Math.max(idChunks.length, stageChunks.length); i++) {
    const parts = [
      idChunks[i] &&
        db<DeploymentRow>('deployments')
          .select('*', db.raw("'id' as found_by"))
          .whereIn(
            ['service_ref', 'external_id'],
            idChunks[i].map(k => [k.service, k.externalId]),
          ),
      stageChunks[i] &&
        db<DeploymentRow>('deployments')
          .select('*', db.raw("'stage' as found_by"))
          .whereIn(
            ['service_ref', 'stage'],
            stageChunks[i].map(k => [k.service, k.stage]),
          )
          .whereIn('state', UNFINISHED_STATES),
    ].filter(part => part !== undefined);
    const [first, ...others] = parts;
    const rows: (DeploymentRow & { found_by: string })[] =
      await (others.length > 0 ? first.unionAll(others) : first).orderBy([
        'created_at',
        'id',
      ]);
    for (const { found_by: foundBy, ...row } of rows) {
      const deployment = toStoredDeployment(row);
      if (foundBy === 'id') {
        found.byExternalId.set(
          externalKey(row.service_ref, row.external_id!),
          deployment,
        );
      } else {
        found.unfinished.push(deployment);
      }
    }
  }
  return found;
}
