import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { component, TestPolicy } from './startTestLedgerBackend';

/** The service no reader of the insights tests may see. */
export const SECRET = 'component:default/secret';

/** A catalog Component on the default pipeline, owned by `owner`. */
export function owned(name: string, owner: string): Entity {
  const entity = component(name);
  return { ...entity, spec: { ...entity.spec, owner } };
}

/** Nobody may read `secret` in the catalog; everything else is allowed. */
export const secretHidden: TestPolicy = ({ permission, resourceRef }) =>
  permission.name === 'catalog.entity.read' && resourceRef === SECRET
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;

/** Who reads the insights in the tests. */
export const reader = mockCredentials.user.header('user:default/ana');
