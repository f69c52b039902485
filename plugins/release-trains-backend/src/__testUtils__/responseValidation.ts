import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { RequestHandler } from 'express';
import { spec } from '../schema/openapi';

type Operation = {
  operationId: string;
  path: string;
  method: string;
  pattern: RegExp;
  responses: Record<string, { $ref?: string }>;
};

const operations: Operation[] = Object.entries(spec.paths).flatMap(
  ([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      operationId: operation.operationId,
      path,
      method,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      responses: operation.responses,
    })),
);

const ajv = new Ajv2020({
  allErrors: true,
  // The document is an OpenAPI one: schemas sit among other keywords.
  strict: false,
  formats: {
    'date-time':
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  },
}).addSchema(spec, 'spec');

const pointer = (...segments: string[]) =>
  segments
    .map(segment =>
      encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')),
    )
    .join('/');

/** The schema of the operation's answer with `status`, if the spec has one. */
function validatorFor(
  operation: Operation,
  status: number,
): ValidateFunction | undefined {
  const { responses } = operation;
  const key = String(status) in responses ? String(status) : 'default';
  const response = responses[key];
  if (!response) return undefined;
  const at = response.$ref
    ? response.$ref.slice(2).split('/')
    : ['paths', operation.path, operation.method, 'responses', key];
  return ajv.getSchema(
    `spec#/${pointer(...at, 'content', 'application/json', 'schema')}`,
  );
}

const explain = (error: ErrorObject) =>
  `${error.instancePath || '/'} ${error.message}${
    error.params.additionalProperty
      ? `: ${error.params.additionalProperty}`
      : ''
  }`;

/** What the tests received that the spec does not describe, until checked. */
const mismatches: string[] = [];

/**
 * Checks each JSON body the plugin's router sends, as the client receives
 * it, against the spec's schema for its operation and status.
 */
const checkResponses: RequestHandler = (req, res, next) => {
  const method = req.method.toLowerCase();
  const operation = operations.find(
    o => o.method === method && o.pattern.test(req.path),
  );
  if (operation) {
    const json = res.json;
    res.json = body => {
      const status = res.statusCode;
      const validate = validatorFor(operation, status);
      // As the client receives it: dates as strings, no undefined fields.
      const received = JSON.parse(JSON.stringify(body) ?? 'null');
      if (!validate) {
        mismatches.push(
          `${operation.operationId} answered ${status} with a body the spec has no schema for`,
        );
      } else if (!validate(received)) {
        const errors = (validate.errors ?? []).map(explain).join('; ');
        const excerpt = JSON.stringify(received).slice(0, 2000);
        mismatches.push(
          `${operation.operationId} answered ${status}: ${errors}\n    in ${excerpt}`,
        );
      }
      return json.call(res, body);
    };
  }
  next();
};

/** In front of the plugin's routes: every answer checked against the spec. */
export const responseValidationModule = createBackendModule({
  pluginId: 'release-trains',
  moduleId: 'test-response-validation',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use(checkResponses);
      },
    });
  },
});

/** Fails the test that received a response the spec does not describe. */
export function failOnResponsesOutsideSpec() {
  const found = mismatches.splice(0);
  if (found.length > 0) {
    throw new Error(
      `Responses that do not match the OpenAPI spec (src/schema/openapi.yaml):\n  ${found.join(
        '\n  ',
      )}`,
    );
  }
}
