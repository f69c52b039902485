import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
  releaseTrainsPromotePermission,
  releaseTrainsRequirementSetPermission,
  releaseTrainsRollbackPermission,
  releaseTrainsServiceRegisterPermission,
} from '@release-trains/plugin-release-trains-common';

/**
 * A rule of the policy: the decision on a permission for a user with these
 * ownership claims (the user and the groups they belong to), or `undefined`
 * when nobody is signed in. (A service's own requests never reach the
 * policy: the permissions service decides them from the service's access
 * restrictions.)
 */
type Rule = (
  permission: Permission,
  claims: string[] | undefined,
) => PolicyDecision;

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Allowed on a service when one of the claims owns it in the catalog: the
 * decision is conditional, and the catalog answers it with the service's
 * `ownedBy` relation. Nobody without a user identity owns anything.
 */
const ownersOfTheService: Rule = (permission, claims) => {
  if (
    !claims ||
    !isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
  ) {
    // A conditional decision on a permission that is not about a catalog
    // entity would be refused by the permission backend: deny instead.
    return deny;
  }
  return createCatalogConditionalDecision(
    permission,
    catalogConditions.isEntityOwner({ claims }),
  );
};

/** Allowed to people who belong to at least one group. */
const membersOfAGroup: Rule = (_permission, claims) =>
  claims?.some(ref => ref.toLocaleLowerCase('en-US').startsWith('group:'))
    ? allow
    : deny;

/** Who may do what in Release Trains, by permission name. */
const rules: Record<string, Rule> = {
  // What runs in a service's stages is its owners' business: they promote,
  // roll back, record deployments by hand and declare what it requires.
  [releaseTrainsPromotePermission.name]: ownersOfTheService,
  [releaseTrainsRollbackPermission.name]: ownersOfTheService,
  [releaseTrainsDeploymentCreatePermission.name]: ownersOfTheService,
  [releaseTrainsRequirementSetPermission.name]: ownersOfTheService,
  // An approval is a review by someone else, so not limited to the owners:
  // any member of a team may approve (the backend refuses the requester's
  // own approval, and a stage may name the group whose members approve).
  // Guests belong to no group and never approve.
  [releaseTrainsApprovePermission.name]: membersOfAGroup,
  // A new service comes with an owning team: registering it is for people
  // in a team, not for guests.
  [releaseTrainsServiceRegisterPermission.name]: membersOfAGroup,
};

/**
 * An owner-aware permission policy for Release Trains: a service's owners
 * promote it, roll it back, record its deployments and set its
 * requirements; members of a group approve and register services; guests
 * and services without a user do none of these. Everything else (reading
 * the catalog, other plugins' permissions) is allowed: a starting point to
 * extend.
 *
 * @public
 */
export class ReleaseTrainsPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;

  constructor(options: { userInfo: UserInfoService }) {
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const rule = rules[request.permission.name];
    if (!rule) {
      // Not a Release Trains permission: everyone may read what the catalog
      // lets them read and use the other plugins.
      return allow;
    }
    return rule(request.permission, await this.#claimsOf(user));
  }

  /**
   * The user's ownership claims, from the user info service (the `info` of
   * the query is deprecated); `undefined` when there is no user.
   */
  async #claimsOf(user?: PolicyQueryUser): Promise<string[] | undefined> {
    if (!user) {
      return undefined;
    }
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs;
  }
}
