import { parse } from 'yaml';
import { toServiceRef } from './serviceRef';

/**
 * Reads the `release-trains/requires` annotation: a YAML mapping of service
 * (entity ref or component name) to semver range. Ranges are kept as
 * written — whether they are valid is for the readers to report — and
 * entries that are not a name and a text are left out.
 */
export function parseRequirements(
  annotation: string | undefined,
): Record<string, string> {
  if (!annotation) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parse(annotation);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {};
  }
  const requirements: Record<string, string> = {};
  for (const [service, range] of Object.entries(parsed)) {
    if (typeof range !== 'string' && typeof range !== 'number') continue;
    try {
      requirements[toServiceRef(service)] = String(range);
    } catch {
      // not an entity ref: left out
    }
  }
  return requirements;
}
