import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReleaseService, ServiceDirectory } from './ServiceDirectory';
import { toServiceRef } from './serviceRef';

/** Decisions asked of the permission framework in one call, at most. */
const BATCH = 500;

/**
 * What a caller may see: the services whose catalog entities the caller may
 * read, decided by the permission policy with the caller's credentials
 * (`catalog.entity.read`, the catalog's own rules). A service the caller may
 * not read is answered as if it did not exist.
 */
export class ServiceAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      directory: ServiceDirectory;
    },
  ) {}

  /** The refs among `refs` whose entities the caller may read. */
  async readable(
    refs: Iterable<string>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    const allowed = new Set<string>();
    for (let i = 0; i < unique.length; i += BATCH) {
      const chunk = unique.slice(i, i + BATCH);
      const decisions = await this.options.permissions.authorize(
        chunk.map(resourceRef => ({
          permission: catalogEntityReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      chunk.forEach((ref, index) => {
        if (decisions[index].result === AuthorizeResult.ALLOW) allowed.add(ref);
      });
    }
    return allowed;
  }

  /** The service, if it is on a pipeline and the caller may read it; 404 otherwise. */
  async find(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService> {
    const serviceRef = toServiceRef(ref);
    const service = (await this.readable([serviceRef], credentials)).has(
      serviceRef,
    )
      ? await this.options.directory.find(serviceRef, credentials)
      : undefined;
    if (!service) {
      throw new NotFoundError(`No service ${serviceRef} in the catalog`);
    }
    return service;
  }

  /**
   * The services among `refs` (entity refs in full) that are on a pipeline
   * and readable by the caller.
   */
  async findMany(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, ReleaseService>> {
    const readable = await this.readable(refs, credentials);
    return this.options.directory.findMany([...readable], credentials);
  }
}
