import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The plugin's OpenAPI document (`src/schema/openapi.yaml`), the one source of the API's shape. */
export function loadOpenApiSpec() {
  const path = resolvePackagePath(
    '@internal/backstage-plugin-release-trains-backend',
    'src/schema/openapi.yaml',
  );
  return parse(readFileSync(path, 'utf8'));
}
