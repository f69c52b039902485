import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
  releaseTrainsPromotePermission,
  releaseTrainsRequirementSetPermission,
  releaseTrainsRollbackPermission,
  releaseTrainsServiceRegisterPermission,
} from '@release-trains/plugin-release-trains-common';
import { JsonObject } from '@backstage/types';
import { ServiceAccess } from '../catalog/ServiceAccess';
import { ReleaseService } from '../catalog/ServiceDirectory';

type Principal = BackstageUserPrincipal | BackstageServicePrincipal;

/** What each permission allows, in a refusal's words. */
const PERMISSION_VERBS: Record<string, string> = {
  [releaseTrainsPromotePermission.name]: 'promote',
  [releaseTrainsRollbackPermission.name]: 'roll back',
  [releaseTrainsApprovePermission.name]: 'approve deployments of',
  [releaseTrainsRequirementSetPermission.name]: 'set requirements of',
  [releaseTrainsDeploymentCreatePermission.name]: 'record deployments of',
  [releaseTrainsServiceRegisterPermission.name]: 'register services',
};

/**
 * The authenticated caller of a route, and what it may see and do: every
 * service it touches is one whose catalog entity it may read (404
 * otherwise, as if there were none), and every action is one the
 * permission policy allows it on that service (403 otherwise).
 */
export class Caller {
  constructor(
    readonly credentials: BackstageCredentials<Principal>,
    private readonly deps: {
      access: ServiceAccess;
      permissions: PermissionsService;
    },
  ) {}

  /** A user's entity ref, or a service's subject. */
  get ref(): string {
    const { principal } = this.credentials;
    return principal.type === 'user'
      ? principal.userEntityRef
      : principal.subject;
  }

  get isUser(): boolean {
    return this.credentials.principal.type === 'user';
  }

  /** The service, if it is on a pipeline and the caller may read it; 404 otherwise. */
  service(ref: string): Promise<ReleaseService> {
    return this.deps.access.find(ref, this.credentials);
  }

  /** The services among `refs` the caller may read. */
  services(refs: string[]): Promise<Map<string, ReleaseService>> {
    return this.deps.access.findMany(refs, this.credentials);
  }

  /**
   * The service's canonical ref, if the caller may read its entity; 404
   * otherwise. For reads that need no more than the ref (a history page).
   */
  async readableRef(ref: string): Promise<string> {
    return (await this.deps.access.check(ref, this.credentials)).ref;
  }

  /** The refs among `refs` the caller may read. */
  readable(refs: Iterable<string>): Promise<Set<string>> {
    return this.deps.access.readable(refs, this.credentials);
  }

  /** The refs among `refs` the caller may not read. */
  async hidden(refs: Iterable<string>): Promise<Set<string>> {
    const all = [...refs];
    const readable = await this.readable(all);
    return new Set(all.filter(ref => !readable.has(ref)));
  }

  /** Whether the policy allows `permission` on the service. */
  async may(
    permission: ResourcePermission<'catalog-entity'>,
    serviceRef: string,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef: serviceRef }],
      { credentials: this.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * The service to act on: 404 unless the caller may read it, 403 unless
   * the policy allows `permission` on it — both decided on the ref, in one
   * call, before anything is looked up — then 404 unless it is on a
   * pipeline.
   */
  async serviceFor(
    permission: ResourcePermission<'catalog-entity'>,
    ref: string,
  ): Promise<ReleaseService> {
    const checked = await this.deps.access.check(
      ref,
      this.credentials,
      permission,
    );
    if (!checked.allowed) {
      throw new NotAllowedError(
        `Not allowed to ${verb(permission)} ${checked.ref}`,
      );
    }
    return this.deps.access.resolve(checked.ref, this.credentials);
  }

  /** Refuses (403) unless the policy allows `permission` on the service. */
  async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    serviceRef: string,
  ): Promise<void> {
    if (!(await this.may(permission, serviceRef))) {
      throw new NotAllowedError(
        `Not allowed to ${verb(permission)} ${serviceRef}`,
      );
    }
  }

  /** Refuses (403) unless the policy allows a permission on no resource. */
  async authorizeBasic(permission: BasicPermission): Promise<void> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials: this.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to ${verb(permission)}`);
    }
  }
}

function verb(permission: { name: string }): string {
  return PERMISSION_VERBS[permission.name] ?? permission.name;
}

/** A request to any route, as the auth and auditor services take it. */
type Request = Parameters<HttpAuthService['credentials']>[0];

/** Who may call a route. */
export type Allowed = ('user' | 'service')[];

const PEOPLE_AND_SERVICES: Allowed = ['user', 'service'];

/**
 * The one way into every route: authenticate the caller, let the handler
 * resolve services through the caller (catalog read checked for each) and
 * authorize its action, and record it all as one audit event.
 */
export class RouteGuard {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      access: ServiceAccess;
    },
  ) {}

  /** A read, audited at low severity. */
  read<T>(
    req: Request,
    eventId: string,
    handler: (caller: Caller) => Promise<T>,
  ): Promise<T> {
    return this.audited(req, { eventId, severityLevel: 'low' }, async () =>
      handler(await this.caller(req)),
    );
  }

  /**
   * A mutation, audited at medium severity with `meta`; `outcome` adds what
   * it did to the audit event.
   */
  mutation<T>(
    req: Request,
    audit: Audit & { allow?: Allowed },
    handler: (caller: Caller) => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    return this.audited(
      req,
      { severityLevel: 'medium', ...audit },
      async () => handler(await this.caller(req, audit.allow)),
      outcome,
    );
  }

  /**
   * A mutation of the service its body names, audited with the body: the
   * caller must read the service (404) and hold `permission` on it (403)
   * before the handler gets it.
   */
  serviceMutation<T>(
    req: Request & { body: JsonObject & { service: string } },
    eventId: string,
    permission: ResourcePermission<'catalog-entity'>,
    handler: (service: ReleaseService, caller: Caller) => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    return this.mutation(
      req,
      { eventId, meta: req.body },
      async caller =>
        handler(await caller.serviceFor(permission, req.body.service), caller),
      outcome,
    );
  }

  /**
   * A CI delivery, whose source was authenticated in front of the
   * validator (by signature or token); the handler checks what the source
   * may report for.
   */
  delivery<T>(
    req: Request,
    audit: Audit,
    handler: () => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    return this.audited(
      req,
      { severityLevel: 'low', ...audit },
      handler,
      outcome,
    );
  }

  private async caller(
    req: Request,
    allow: Allowed = PEOPLE_AND_SERVICES,
  ): Promise<Caller> {
    const credentials = await this.deps.httpAuth.credentials(req, { allow });
    return new Caller(
      credentials as BackstageCredentials<Principal>,
      this.deps,
    );
  }

  private async audited<T>(
    req: Request,
    audit: Audit & {
      severityLevel: AuditorServiceCreateEventOptions['severityLevel'];
    },
    handler: () => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    const event = await this.deps.auditor.createEvent({
      eventId: audit.eventId,
      severityLevel: audit.severityLevel,
      request: req,
      ...(audit.meta && { meta: audit.meta }),
    });
    try {
      const result = await handler();
      await event.success(outcome ? { meta: outcome(result) } : undefined);
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

/** How a route is audited: its event and what was asked. */
type Audit = { eventId: string; meta?: JsonObject };

/** What the audit log records of a deployment a mutation answers. */
export const deploymentOutcome = (result: { id: string; state: string }) => ({
  deploymentId: result.id,
  state: result.state,
});
