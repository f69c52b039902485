// Generates the backend's typed router and the common package's client from
// plugins/release-trains-backend/src/schema/openapi.yaml, in the shape
// `backstage-repo-tools package schema openapi generate` gives them. That
// tool runs openapi-generator-cli, a Java jar downloaded from Maven Central,
// which these machines and CI cannot reach; this script needs only Node.
//
//   yarn generate:openapi            writes the generated files
//   yarn generate:openapi --check    fails if they differ from the spec's
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'plugins/release-trains-backend/src/schema/openapi.yaml';
const SERVER_DIR =
  'plugins/release-trains-backend/src/schema/openapi/generated';
const CLIENT_DIR = 'plugins/release-trains-common/src/schema/openapi/generated';
const COMMAND = 'yarn generate:openapi';

const HEADER = `// Generated from ${SPEC}
// by \`${COMMAND}\` (scripts/generate-openapi.mjs): do not edit.
`;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

// ---------------------------------------------------------------------------
// JSON Schema to TypeScript

const isIdentifier = name => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
const propertyKey = name => (isIdentifier(name) ? name : `'${name}'`);
const literal = value => JSON.stringify(value);
const camelCase = name => name[0].toLowerCase() + name.slice(1);

/** Schema names TypeScript has already, renamed as openapi-generator does. */
const RESERVED = new Set(['Array', 'Date', 'Error', 'Record', 'Response']);
const modelName = name => (RESERVED.has(name) ? `Model${name}` : name);

function refName(ref) {
  const match = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!match) {
    throw new Error(`Unsupported $ref ${ref}: only component schemas`);
  }
  return modelName(match[1]);
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text, width = 76) {
  const lines = [];
  for (const paragraph of text.trim().split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function docComment(description, tags = []) {
  const lines = [
    ...(description ? wrap(description) : []),
    ...(description && tags.length ? [''] : []),
    ...tags,
  ];
  if (lines.length === 0) return '';
  return `/**\n${lines.map(line => ` * ${line}`.trimEnd()).join('\n')}\n */\n`;
}

/** The TypeScript type of a schema; `refs` collects the models it names. */
function typeOf(schema, refs) {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema.$ref) {
    const name = refName(schema.$ref);
    refs.add(name);
    return name;
  }
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.oneOf || schema.anyOf) {
    return (schema.oneOf ?? schema.anyOf)
      .map(part => `(${typeOf(part, refs)})`)
      .join(' | ');
  }
  if (schema.allOf) {
    return schema.allOf.map(part => `(${typeOf(part, refs)})`).join(' & ');
  }
  if (Array.isArray(schema.type)) {
    return schema.type
      .map(type => typeOf({ ...schema, type }, refs))
      .join(' | ');
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${typeOf(schema.items, refs)}>`;
    case 'object':
    case undefined:
      if (schema.properties || schema.additionalProperties !== undefined) {
        return objectType(schema, refs);
      }
      return schema.type === 'object'
        ? '{ [key: string]: unknown }'
        : 'unknown';
    default:
      throw new Error(`Unsupported schema type ${schema.type}`);
  }
}

function objectType(schema, refs) {
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `${docComment(property.description)}${propertyKey(name)}${
        required.has(name) ? '' : '?'
      }: ${typeOf(property, refs)};`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    members.push(`[key: string]: ${typeOf(extra, refs)};`);
  }
  return `{\n${members.join('\n')}\n}`;
}

function imports(names, from) {
  return [...names]
    .sort()
    .map(name => `import type { ${name} } from '${from(name)}';`)
    .join('\n');
}

// ---------------------------------------------------------------------------
// Server: the spec as a constant and the typed router it validates with

function serverFiles(spec) {
  return {
    [`${SERVER_DIR}/router.ts`]: `${HEADER}
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
    [`${SERVER_DIR}/index.ts`]: `${HEADER}
export * from './router';
`,
  };
}

// ---------------------------------------------------------------------------
// Client: a model per component schema, and DefaultApiClient

function modelFile(name, schema) {
  const refs = new Set();
  const isInterface =
    schema.type === 'object' &&
    schema.properties &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf;
  const body = isInterface
    ? `export interface ${name} ${objectType(schema, refs)}`
    : `export type ${name} = ${typeOf(schema, refs)};`;
  refs.delete(name);
  return `${HEADER}
${imports(refs, ref => `./${ref}.model`)}

${docComment(schema.description, ['@public'])}${body}
`;
}

function resolveParameter(spec, parameter) {
  if (!parameter.$ref) return parameter;
  const name = /^#\/components\/parameters\/(.+)$/.exec(parameter.$ref)?.[1];
  const resolved = name && spec.components.parameters?.[name];
  if (!resolved) throw new Error(`Unknown parameter ${parameter.$ref}`);
  return resolved;
}

function resolveResponse(spec, response) {
  if (!response.$ref) return response;
  const name = /^#\/components\/responses\/(.+)$/.exec(response.$ref)?.[1];
  const resolved = name && spec.components.responses?.[name];
  if (!resolved) throw new Error(`Unknown response ${response.$ref}`);
  return resolved;
}

function operations(spec) {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter(method => item[method]).map(method => {
      const operation = item[method];
      if (!operation.operationId) {
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      }
      return {
        path,
        method,
        operation,
        parameters: [
          ...(item.parameters ?? []),
          ...(operation.parameters ?? []),
        ].map(parameter => resolveParameter(spec, parameter)),
      };
    }),
  );
}

/** The request type of an operation: its path, query and header parameters and body. */
function requestType({ operation, parameters }, refs) {
  const parts = [];
  for (const where of ['path', 'query', 'header']) {
    const inPart = parameters.filter(parameter => parameter.in === where);
    if (inPart.length > 0) {
      const schema = {
        type: 'object',
        required: inPart.filter(p => p.required).map(p => p.name),
        properties: Object.fromEntries(
          inPart.map(p => [
            p.name,
            { ...p.schema, description: p.description },
          ]),
        ),
      };
      parts.push({ name: where, required: schema.required.length > 0, schema });
    }
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) {
    parts.push({
      name: 'body',
      required: Boolean(operation.requestBody.required),
      schema: body,
    });
  }
  if (parts.length === 0) return 'Record<string, never>';
  return `{\n${parts
    .map(
      part =>
        `${part.name}${part.required ? '' : '?'}: ${typeOf(
          part.schema,
          refs,
        )};`,
    )
    .join('\n')}\n}`;
}

/** What a successful answer's json() gives: the 2xx responses' schemas. */
function responseType(spec, { operation }, refs) {
  const types = new Set(
    Object.entries(operation.responses ?? {})
      .filter(([status]) => /^2/.test(status))
      .map(([, response]) => {
        const schema = resolveResponse(spec, response).content?.[
          'application/json'
        ]?.schema;
        return schema ? typeOf(schema, refs) : 'void';
      }),
  );
  return types.size === 0 ? 'void' : [...types].join(' | ');
}

function urlOf({ path, parameters }) {
  const url = path.replace(
    /\{([^}]+)\}/g,
    (_, name) =>
      `\${encodeURIComponent(request.path${
        isIdentifier(name) ? `.${name}` : `['${name}']`
      })}`,
  );
  const hasQuery = parameters.some(parameter => parameter.in === 'query');
  return `\`\${baseUrl}${url}${
    hasQuery ? '${queryString(request.query)}' : ''
  }\``;
}

function clientMethod(spec, op, refs) {
  const { operation, parameters } = op;
  const name = camelCase(operation.operationId);
  const hasBody = Boolean(
    operation.requestBody?.content?.['application/json']?.schema,
  );
  const hasHeaders = parameters.some(parameter => parameter.in === 'header');
  const noRequest = !hasBody && parameters.length === 0;
  const headers = [
    ...(hasHeaders ? ['...headersOf(request.header),'] : []),
    ...(hasBody ? [`'Content-Type': 'application/json',`] : []),
    '...(options?.token && { Authorization: `Bearer ${options.token}` }),',
  ];
  const init = [
    `method: '${op.method.toUpperCase()}',`,
    `headers: {\n${headers.join('\n')}\n},`,
    ...(hasBody ? ['body: JSON.stringify(request.body),'] : []),
  ];
  return `${docComment(operation.description)}public async ${name}(
    ${noRequest ? '_request' : 'request'}: ${operation.operationId}${
    noRequest ? ' = {}' : ''
  },
    options?: RequestOptions,
  ): Promise<TypedResponse<${responseType(spec, op, refs)}>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(${urlOf(op)}, {
      ${init.join('\n')}
    });
  }`;
}

function clientFile(spec) {
  const refs = new Set();
  const ops = operations(spec);
  const models = new Set(Object.keys(spec.components.schemas).map(modelName));
  for (const { operation } of ops) {
    if (models.has(operation.operationId)) {
      throw new Error(
        `operationId ${operation.operationId} is also a schema's name`,
      );
    }
  }
  const requestTypes = ops
    .map(
      op =>
        `${docComment(undefined, ['@public'])}export type ${
          op.operation.operationId
        } = ${requestType(op, refs)};`,
    )
    .join('\n\n');
  const methods = ops.map(op => clientMethod(spec, op, refs)).join('\n\n');
  const anyQuery = ops.some(op => op.parameters.some(p => p.in === 'query'));
  const anyHeader = ops.some(op => op.parameters.some(p => p.in === 'header'));

  return `${HEADER}
import { pluginId } from '../pluginId';
${imports(refs, ref => `../models/${ref}.model`)}

/**
 * A Response whose \`json()\` gives the answer's model.
 *
 * @public
 */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json: () => Promise<T>;
};

/**
 * What any call may add: a token to call with, from another backend plugin.
 *
 * @public
 */
export interface RequestOptions {
  token?: string;
}

${requestTypes}
${
  anyQuery
    ? `
/** The query string of the parameters; empty ones count as absent. */
function queryString(
  query: Record<string, string | number | boolean | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? \`?\${text}\` : '';
}
`
    : ''
}${
    anyHeader
      ? `
/** The header parameters that are set. */
function headersOf(
  header: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(header).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}
`
      : ''
  }
/**
 * A client for the ${spec.info.title} API.
 *
 * @public
 */
export class DefaultApiClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    // Looked up per call so that a fetch patched later (tests, tracing) is used.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => globalThis.fetch(input, init),
    };
  }

${methods}
}
`;
}

function clientFiles(spec) {
  const schemas = Object.fromEntries(
    Object.entries(spec.components.schemas).map(([name, schema]) => [
      modelName(name),
      schema,
    ]),
  );
  const names = Object.keys(schemas).sort();
  return {
    [`${CLIENT_DIR}/pluginId.ts`]: `${HEADER}
export const pluginId = '${spec.info.title}';
`,
    ...Object.fromEntries(
      names.map(name => [
        `${CLIENT_DIR}/models/${name}.model.ts`,
        modelFile(name, schemas[name]),
      ]),
    ),
    [`${CLIENT_DIR}/models/index.ts`]: `${HEADER}
${names.map(name => `export * from './${name}.model';`).join('\n')}
`,
    [`${CLIENT_DIR}/apis/DefaultApi.client.ts`]: clientFile(spec),
    [`${CLIENT_DIR}/apis/index.ts`]: `${HEADER}
export * from './DefaultApi.client';
`,
    [`${CLIENT_DIR}/index.ts`]: `${HEADER}
export * from './apis';
export * from './models';
export * from './pluginId';
`,
  };
}

// ---------------------------------------------------------------------------

async function format(file, source) {
  const options = await prettier.resolveConfig(join(ROOT, file));
  return prettier.format(source, { ...options, filepath: file });
}

function filesUnder(dir) {
  const absolute = join(ROOT, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(ROOT, join(entry.parentPath, entry.name)));
}

async function main() {
  const check = process.argv.includes('--check');
  const spec = parse(readFileSync(join(ROOT, SPEC), 'utf8'));
  const generated = { ...serverFiles(spec), ...clientFiles(spec) };
  for (const file of Object.keys(generated)) {
    generated[file] = await format(file, generated[file]);
  }
  const stale = [SERVER_DIR, CLIENT_DIR]
    .flatMap(filesUnder)
    .filter(file => !(file in generated));

  if (check) {
    const outdated = Object.entries(generated)
      .filter(
        ([file, text]) =>
          !existsSync(join(ROOT, file)) ||
          readFileSync(join(ROOT, file), 'utf8') !== text,
      )
      .map(([file]) => file);
    if (outdated.length + stale.length > 0) {
      console.error(
        [
          `The code generated from ${SPEC} is out of date:`,
          ...outdated.map(file => `  ${file}`),
          ...stale.map(file => `  ${file} (no longer generated)`),
          `Run \`${COMMAND}\` and commit the result.`,
        ].join('\n'),
      );
      process.exitCode = 1;
    }
    return;
  }

  for (const [file, text] of Object.entries(generated)) {
    await mkdir(dirname(join(ROOT, file)), { recursive: true });
    await writeFile(join(ROOT, file), text);
  }
  for (const file of stale) {
    await rm(join(ROOT, file));
  }
}

await main();
