import { failOnResponsesOutsideSpec } from './__testUtils__/responseValidation';

// Every router test: each response it received must match the spec.
afterEach(failOnResponsesOutsideSpec);
