import { mockCredentials } from '@backstage/backend-test-utils';
import {
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
  releaseTrainsPromotePermission,
  releaseTrainsRequirementSetPermission,
  releaseTrainsRollbackPermission,
  releaseTrainsServiceRegisterPermission,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseTrainsPermissionPolicy } from './ReleaseTrainsPermissionPolicy';

/** Ownership claims, as the sign-in puts them into each person's token. */
const claimsOf: Record<string, string[]> = {
  // An owner: signed in through the catalog, with her team.
  'user:default/ana.lima': [
    'user:default/ana.lima',
    'group:default/team-payments',
  ],
  // A member of two teams, neither of which owns the service in question.
  'user:default/ben.okafor': [
    'user:default/ben.okafor',
    'group:default/team-storefront',
    'group:default/team-fulfilment',
  ],
  // The guest: not a catalog user, claims only itself.
  'user:development/guest': ['user:development/guest'],
};

/** The user info service, answering from the table above. */
const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    // The permission backend asks about users only.
    const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
    return { userEntityRef, ownershipEntityRefs: claimsOf[userEntityRef] };
  },
};

function userOf(userEntityRef: string): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: claimsOf[userEntityRef] },
  };
}

const owner = userOf('user:default/ana.lima');
const groupMember = userOf('user:default/ben.okafor');
const guest = userOf('user:development/guest');

describe('ReleaseTrainsPermissionPolicy', () => {
  const policy = new ReleaseTrainsPermissionPolicy({ userInfo });
  const decide = (permission: Permission, user?: PolicyQueryUser) =>
    policy.handle({ permission }, user);

  /** The conditional decision: allowed if the claims own the entity. */
  const ifOwnedBy = (claims: string[]) => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    },
  });

  describe.each([
    releaseTrainsPromotePermission,
    releaseTrainsRollbackPermission,
    releaseTrainsDeploymentCreatePermission,
    releaseTrainsRequirementSetPermission,
  ])('$name: owners of the service only', permission => {
    it('is conditional on owning the service through any of the claims of an owner', async () => {
      await expect(decide(permission, owner)).resolves.toEqual(
        ifOwnedBy(['user:default/ana.lima', 'group:default/team-payments']),
      );
    });

    it('is conditional for a member of other groups too: the catalog says whether they own it', async () => {
      await expect(decide(permission, groupMember)).resolves.toEqual(
        ifOwnedBy(claimsOf['user:default/ben.okafor']),
      );
    });

    it('is conditional on the guest owning it, which only the guest itself could', async () => {
      await expect(decide(permission, guest)).resolves.toEqual(
        ifOwnedBy(['user:development/guest']),
      );
    });

    it('is denied without a user', async () => {
      await expect(decide(permission)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    });
  });

  describe.each([
    releaseTrainsApprovePermission,
    releaseTrainsServiceRegisterPermission,
  ])('$name: members of a group', permission => {
    it('is allowed to an owner, who is a member of a group', async () => {
      await expect(decide(permission, owner)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it('is allowed to a member of groups that own nothing in question', async () => {
      await expect(decide(permission, groupMember)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it('is denied to the guest, who belongs to no group', async () => {
      await expect(decide(permission, guest)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    });

    it('is denied without a user', async () => {
      await expect(decide(permission)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    });
  });

  describe.each([
    catalogEntityReadPermission,
    catalogEntityDeletePermission,
    createPermission({ name: 'other-plugin.thing.do', attributes: {} }),
  ])('$name: not a Release Trains permission', permission => {
    it.each([
      ['an owner', owner],
      ['a group member', groupMember],
      ['the guest', guest],
      ['no user', undefined],
    ])('is allowed to %s', async (_who, user) => {
      await expect(decide(permission, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });
  });

  it('takes the claims from the user info service, not from the deprecated info of the query', async () => {
    const stale: PolicyQueryUser = {
      ...guest,
      info: {
        userEntityRef: 'user:development/guest',
        ownershipEntityRefs: ['group:default/team-payments'],
      },
    };
    await expect(
      decide(releaseTrainsApprovePermission, stale),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies an owner rule on a permission that is not about a catalog entity, rather than answer with conditions the permission backend refuses', async () => {
    const basic = createPermission({
      name: releaseTrainsPromotePermission.name,
      attributes: {},
    });
    await expect(decide(basic, owner)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
