import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
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

  /**
   * The service's canonical ref if the caller may read its entity (404
   * otherwise), and whether the policy allows `action` on it: one call to
   * the permission framework for both.
   */
  async check(
    ref: string,
    credentials: BackstageCredentials,
    action?: ResourcePermission<'catalog-entity'>,
  ): Promise<{ ref: string; allowed: boolean }> {
    const serviceRef = toServiceRef(ref);
    const [read, decision] = await this.options.permissions.authorize(
      [catalogEntityReadPermission, ...(action ? [action] : [])].map(
        permission => ({ permission, resourceRef: serviceRef }),
      ),
      { credentials },
    );
    if (read.result !== AuthorizeResult.ALLOW) {
      throw notFound(serviceRef);
    }
    return {
      ref: serviceRef,
      allowed: decision?.result === AuthorizeResult.ALLOW,
    };
  }

  /** The service, if it is on a pipeline and the caller may read it; 404 otherwise. */
  async find(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService> {
    return this.resolve((await this.check(ref, credentials)).ref, credentials);
  }

  /** A service whose read was checked already, if on a pipeline; 404 otherwise. */
  async resolve(
    serviceRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService> {
    const service = await this.options.directory.find(serviceRef, credentials);
    if (!service) {
      throw notFound(serviceRef);
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

function notFound(serviceRef: string): NotFoundError {
  return new NotFoundError(`No service ${serviceRef} in the catalog`);
}
