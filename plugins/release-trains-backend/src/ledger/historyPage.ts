import {
  DeploymentFilter,
  DeploymentPage,
} from '@release-trains/plugin-release-trains-common';
import { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './cursor';
import { DeploymentRow, toDeployment } from './deploymentRows';
import { parseTime, toIso } from './timestamps';

/**
 * A page of a service's deployments, newest first, after the cursor the
 * previous page ended with.
 */
export async function historyPage(
  db: Knex,
  service: string,
  options: DeploymentFilter & { cursor?: string; limit: number },
): Promise<DeploymentPage> {
  const query = db<DeploymentRow>('deployments').where({
    service_ref: service,
  });
  if (options.stage) query.where('stage', options.stage);
  if (options.state) query.where('state', options.state);
  if (options.kind) query.where('kind', options.kind);
  if (options.from) {
    query.where('created_at', '>=', parseTime(options.from, 'from'));
  }
  if (options.to) query.where('created_at', '<', parseTime(options.to, 'to'));
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    const createdAt = new Date(cursor.createdAt);
    query.where(inner =>
      inner
        .where('created_at', '<', createdAt)
        .orWhere(same =>
          same.where('created_at', '=', createdAt).where('id', '<', cursor.id),
        ),
    );
  }
  const rows = await query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(options.limit + 1);
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
