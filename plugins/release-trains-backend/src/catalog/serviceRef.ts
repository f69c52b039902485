import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * Canonical entity ref of a service; a bare name means a Component in the
 * default namespace.
 */
export function toServiceRef(input: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(input, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(`service: '${input}' is not a valid entity ref`);
  }
}
