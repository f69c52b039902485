/*
 * A release-trains backend in its own process, for the benchmark and the
 * fault tests: `--config <file>`, RT_TEST_SERVICES (how many services
 * svc-1 … svc-N the mock catalog holds) and RT_TEST_PEOPLE (comma-separated
 * names of catalog Users who may sign in through the demo sign-in, for the
 * routes only people may call: approvals, and promotions into prod), and
 * RT_TEST_BENCHMARK=1 for the benchmark's organisation and module. Tells
 * its parent 'started'.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { demoUsersAuthModule } from '../../packages/backend/src/demoUsersAuth';
import { benchModule } from '../bench/ledger/benchModule';
import { serviceEntity } from '../bench/ledger/organisation';

const services = Number(process.env.RT_TEST_SERVICES ?? 1000);
const people = (process.env.RT_TEST_PEOPLE ?? '').split(',').filter(Boolean);
const benchmark = process.env.RT_TEST_BENCHMARK === '1';
const serviceEntities = Array.from({ length: services }, (_, i) =>
  benchmark
    ? serviceEntity(i + 1)
    : {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `svc-${i + 1}`,
          namespace: 'default',
          annotations: { 'release-trains/pipeline': 'default' },
        },
        spec: { type: 'service', owner: 'team-bench', lifecycle: 'production' },
      },
);
const userEntities = people.map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [] },
}));
const entities = [...serviceEntities, ...userEntities];

const backend = createBackend();
backend.add(catalogServiceMock.factory({ entities }));
backend.add(import('../../plugins/release-trains-backend/src'));
// The `demo` deployer, which the restart test's pipeline uses.
backend.add(import('../../plugins/release-trains-backend-module-demo/src'));
// The `webhook` deployer, off until configured: the chaos test points it at
// a server of its own that counts the starts of each deployment.
backend.add(import('../../plugins/release-trains-backend-module-webhook/src'));
// The benchmark's organisation (systems, dependencies, trains), its no-op
// route and its record of the SQL each request issues.
if (benchmark) backend.add(benchModule);
if (people.length > 0) {
  // Sign-in as a catalog User, by name: tokens for people.
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(demoUsersAuthModule);
}
// Dies with its parent (a test killed or timed out), never left behind.
process.on('disconnect', () => process.exit(1));
backend.start().then(
  () => process.send?.('started'),
  error => {
    console.error(error);
    process.exit(1);
  },
);
