/*
 * The backend the ledger benchmark measures, in its own process so that the
 * benchmark's client and its direct SQL do not share its event loop.
 * Started by ledger.bench.ts with `--config <file>` and BENCH_SERVICES.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const services = Number(process.env.BENCH_SERVICES ?? 1000);
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
backend.start().then(
  () => process.send?.('started'),
  error => {
    console.error(error);
    process.exit(1);
  },
);
