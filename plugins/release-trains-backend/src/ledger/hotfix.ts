import { Change } from '@release-trains/plugin-release-trains-common';
import { ImportedVersion } from '@release-trains/plugin-release-trains-node';

/** What CI says a build is: a release unless it says it is a hotfix. */
export type VersionKind = NonNullable<ImportedVersion['kind']>;

/** The titles git gives a revert: `Revert "…"`, or `Revert '…'`. */
const REVERT_PREFIXES = ['Revert "', "Revert '"];

/** Whether a change undoes an earlier one, by the title git gives it. */
export function isRevert(title: string): boolean {
  return REVERT_PREFIXES.some(prefix => title.startsWith(prefix));
}

/**
 * Whether a version is a hotfix, for the delivery metrics: CI says so
 * (`kind: hotfix`), it brings changes and all of them are reverts, or one
 * of its changes is labelled `hotfix` (in any case). Decided when the
 * version is recorded, from what its report says.
 */
export function isHotfix(version: {
  kind?: VersionKind;
  changes: Pick<Change, 'title' | 'labels'>[];
}): boolean {
  const { kind, changes } = version;
  return (
    kind === 'hotfix' ||
    (changes.length > 0 && changes.every(change => isRevert(change.title))) ||
    changes.some(change =>
      (change.labels ?? []).some(label => label.toLowerCase() === 'hotfix'),
    )
  );
}
