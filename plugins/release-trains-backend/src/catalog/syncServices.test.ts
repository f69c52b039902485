import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { component } from '../__testUtils__/startTestLedgerBackend';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ServiceStore } from '../ledger/ServiceStore';
import { toServiceRecord } from './ServiceDirectory';
import { syncServices } from './syncServices';

jest.setTimeout(60_000);

describe('syncServices', () => {
  const databases = createLedgerTestDatabases();

  /** Two pages of annotated components; `onPage` runs as each is read. */
  function pagedCatalog(onPage: (cursor?: string) => void) {
    return catalogServiceMock.mock({
      queryEntities: async request => {
        const cursor =
          request && 'cursor' in request ? request.cursor : undefined;
        onPage(cursor);
        return cursor
          ? { items: [component('cart')], totalItems: 2, pageInfo: {} }
          : {
              items: [component('payments')],
              totalItems: 2,
              pageInfo: { nextCursor: 'page-2' },
            };
      },
    });
  }

  it.each(databases.eachSupportedId())(
    'reads every page into the services table (%p)',
    async databaseId => {
      const services = new ServiceStore(
        await createLedgerDatabase(databases, databaseId),
      );
      const synced = await syncServices({
        catalog: pagedCatalog(() => {}),
        auth: mockServices.auth(),
        services,
        logger: mockServices.logger.mock(),
      });
      expect(synced).toBe(2);
      expect((await services.listAll()).map(s => s.ref).sort()).toEqual([
        'component:default/cart',
        'component:default/payments',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stops after the page it is reading when aborted, and leaves the services table as it was (%p)',
    async databaseId => {
      const services = new ServiceStore(
        await createLedgerDatabase(databases, databaseId),
      );
      await services.replaceAll([toServiceRecord(component('legacy-shop'))!]);
      const controller = new AbortController();
      const catalog = pagedCatalog(() => controller.abort());

      await expect(
        syncServices({
          catalog,
          auth: mockServices.auth(),
          services,
          logger: mockServices.logger.mock(),
          signal: controller.signal,
        }),
      ).rejects.toThrow(/abort/i);
      expect(catalog.queryEntities).toHaveBeenCalledTimes(1);
      expect((await services.listAll()).map(s => s.ref)).toEqual([
        'component:default/legacy-shop',
      ]);
    },
  );
});
