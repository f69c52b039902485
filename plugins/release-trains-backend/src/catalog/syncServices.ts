import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RELEASE_TRAINS_PIPELINE_ANNOTATION } from '@release-trains/plugin-release-trains-common';
import { ServiceRecord, ServiceStore } from '../ledger/ServiceStore';
import { toServiceRecord } from './ServiceDirectory';

/**
 * Copies every catalog entity with the pipeline annotation into the
 * services table (owner, system, train, dependsOn), and drops the ones that
 * lost it. Once `signal` aborts it stops between pages and writes nothing:
 * a partial list would drop the services of the pages not read.
 */
export async function syncServices(options: {
  catalog: CatalogService;
  auth: AuthService;
  services: ServiceStore;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<number> {
  const { catalog, auth, services, logger, signal } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const records: ServiceRecord[] = [];
  let cursor: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: 500 }
        : {
            filter: {
              [`metadata.annotations.${RELEASE_TRAINS_PIPELINE_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
            limit: 500,
          },
      { credentials },
    );
    for (const entity of page.items) {
      const record = toServiceRecord(entity);
      if (record) records.push(record);
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  await services.replaceAll(records);
  logger.info(`Synced ${records.length} services from the catalog`);
  return records.length;
}
