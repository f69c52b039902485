import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * Canonical entity ref of a service; a bare name means a Component in the
 * default namespace. Names and namespaces follow the catalog's rules.
 */
export function toServiceRef(input: string): string {
  return canonicalRef(input, 'service', 'component');
}

/**
 * Canonical entity ref of a person (e.g. who asked for a deployment); a bare
 * name means a User in the default namespace.
 */
export function toPersonRef(input: string, field: string): string {
  return canonicalRef(input, field, 'user');
}

function canonicalRef(input: string, field: string, defaultKind: string) {
  let ref;
  try {
    ref = parseEntityRef(input, { defaultKind, defaultNamespace: 'default' });
  } catch (error) {
    throw new InputError(`${field}: '${input}' is not a valid entity ref`);
  }
  if (
    !KubernetesValidatorFunctions.isValidObjectName(ref.name) ||
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace)
  ) {
    throw new InputError(`${field}: '${input}' is not a valid entity ref`);
  }
  return stringifyEntityRef(ref);
}

/** Whether two entity refs name the same entity: refs ignore case, as the catalog does. */
export function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
