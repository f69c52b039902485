import { InputError } from '@backstage/errors';
import {
  DeploymentFilter,
  DeploymentOutcome,
  DeploymentPage,
  DeploymentState,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './cursor';
import { append, chunks, DeploymentRow, toDeployment } from './deploymentRows';
import { parseTime, toIso } from './timestamps';

/**
 * Whose deployments a history lists: every stage of some services, or one
 * stage of each (e.g. each service's last).
 */
export type HistoryScope =
  | { services: string[] }
  | { stages: { service: string; stage: string }[] };

/** The filters of a history page; the scope has chosen the stages already. */
export type HistoryOptions = Omit<DeploymentFilter, 'lastStage'> & {
  cursor?: string;
  limit: number;
};

const OUTCOMES: Record<DeploymentOutcome, DeploymentState[]> = {
  ran: ['succeeded', 'rolled-back'],
  failure: ['failed', 'rolled-back'],
};

/** Services per statement, well under every engine's limit of bindings. */
const CHUNK = 500;

/** Newest first, then by id: the order of the pages and their cursors. */
const newestFirst = (a: DeploymentRow, b: DeploymentRow) =>
  new Date(b.created_at).getTime() - new Date(a.created_at).getTime() ||
  (a.id < b.id ? 1 : -1);

/**
 * A page of the scope's deployments, newest first, after the cursor the
 * previous page ended with.
 */
export async function historyPage(
  db: Knex,
  scope: HistoryScope,
  options: HistoryOptions,
): Promise<DeploymentPage> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  const filter = conditions(options);
  const parts =
    'services' in scope
      ? chunks(scope.services, CHUNK).map(
          services => (query: Knex.QueryBuilder) =>
            query.whereIn('service_ref', services),
        )
      : chunks(scope.stages, CHUNK).map(
          stages => (query: Knex.QueryBuilder) =>
            query.whereIn(
              ['service_ref', 'stage'],
              stages.map(({ service, stage }) => [service, stage]),
            ),
        );
  // Each slice's first page holds the first page of all of them.
  const rows: DeploymentRow[] = [];
  for (const inScope of parts) {
    const query = inScope(db<DeploymentRow>('deployments'));
    filter(query);
    if (cursor) {
      const createdAt = new Date(cursor.createdAt);
      query.where(inner =>
        inner
          .where('created_at', '<', createdAt)
          .orWhere(same =>
            same
              .where('created_at', '=', createdAt)
              .where('id', '<', cursor.id),
          ),
      );
    }
    append(
      rows,
      await query
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit + 1),
    );
  }
  if (parts.length > 1) rows.sort(newestFirst);
  const items = rows.slice(0, options.limit);
  return {
    items: items.map(toDeployment),
    ...(rows.length > options.limit && {
      nextCursor: encodeCursor({
        createdAt: toIso(items[items.length - 1].created_at),
        id: items[items.length - 1].id,
      }),
    }),
  };
}

/**
 * The filters as conditions on a query; 400 for a time no date can hold or
 * a finishing period that ends before it starts.
 */
function conditions(options: HistoryOptions) {
  const time = (field: 'from' | 'to' | 'finishedFrom' | 'finishedTo') => {
    const value = options[field];
    return value ? parseTime(value, field) : undefined;
  };
  const from = time('from');
  const to = time('to');
  const finishedFrom = time('finishedFrom');
  const finishedTo = time('finishedTo');
  if (finishedFrom && finishedTo && finishedFrom > finishedTo) {
    throw new InputError('finishedFrom is after finishedTo');
  }
  return (query: Knex.QueryBuilder) => {
    if (options.stage) query.where('stage', options.stage);
    if (options.state) query.where('state', options.state);
    if (options.outcome) query.whereIn('state', OUTCOMES[options.outcome]);
    if (options.kind) query.where('kind', options.kind);
    if (options.createdBy) query.where('created_by', options.createdBy);
    if (options.ungated !== undefined) {
      query.where('ungated', options.ungated);
    }
    if (from) query.where('created_at', '>=', from);
    if (to) query.where('created_at', '<', to);
    // A deployment still running has no finished_at and matches neither.
    if (finishedFrom) query.where('finished_at', '>=', finishedFrom);
    if (finishedTo) query.where('finished_at', '<', finishedTo);
  };
}
