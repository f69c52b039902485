/*
 * A release-trains backend in its own process, for the benchmark and the
 * fault tests: `--config <file>` and RT_TEST_SERVICES (how many services
 * svc-1 … svc-N the mock catalog holds). Tells its parent 'started'.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const services = Number(process.env.RT_TEST_SERVICES ?? 1000);
const entities = Array.from({ length: services }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i + 1}`,
    namespace: 'default',
    annotations: { 'release-trains/pipeline': 'default' },
  },
  spec: { type: 'service', owner: 'team-bench', lifecycle: 'production' },
}));

const backend = createBackend();
backend.add(catalogServiceMock.factory({ entities }));
backend.add(import('../../plugins/release-trains-backend/src'));
// The `demo` deployer, which the fault test's pipeline uses.
backend.add(import('../../plugins/release-trains-backend-module-demo/src'));
backend.start().then(
  () => process.send?.('started'),
  error => {
    console.error(error);
    process.exit(1);
  },
);
