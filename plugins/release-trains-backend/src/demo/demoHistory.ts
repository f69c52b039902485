import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentStore, NewDeployment } from '../ledger/DeploymentStore';

/** The services of the bundled demo catalog (`examples/release-trains-demo.yaml`). */
export const DEMO_SERVICES = [
  'payments',
  'checkout',
  'cart',
  'orders',
  'inventory',
  'shipping',
  'pricing',
  'product-catalog',
  'search-api',
  'recommendations',
  'notifications-service',
  'auth-gateway',
] as const;

const DEMO_DEPLOYERS = [
  'user:default/ana.lima',
  'user:default/ben.okafor',
  'user:default/chen.wu',
  'user:default/dana.kowalski',
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Small deterministic generator so every demo start shows the same history. */
function randomSequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * About ninety days of deploy history per demo service: each version reaches
 * the first stage, most go on to the next ones hours to days later, and the
 * newest versions have not reached the later stages yet.
 */
export function buildDemoHistory(stages: string[], now: Date): NewDeployment[] {
  const history: NewDeployment[] = [];
  DEMO_SERVICES.forEach((name, serviceIndex) => {
    const random = randomSequence(serviceIndex + 1);
    const versionCount = 8 + Math.floor(random() * 10);
    const start = now.getTime() - 90 * DAY;
    const spacing = (88 * DAY) / versionCount;
    const major = 1 + (serviceIndex % 3);
    for (let v = 0; v < versionCount; v++) {
      const version = `${major}.${Math.floor(v / 4)}.${v % 4}`;
      let at = start + v * spacing + random() * HOUR;
      // The newest version is only in the first stage, the one before it has
      // also reached the second: so each stage shows a different version.
      const reach =
        stages.length - Math.max(0, v - (versionCount - stages.length));
      stages.slice(0, reach).forEach((stage, stageIndex) => {
        at += stageIndex === 0 ? 0 : (2 + random() * 30) * HOUR;
        history.push({
          service: `component:default/${name}`,
          stage,
          version,
          kind: stageIndex === 0 ? 'deploy' : 'promote',
          createdBy:
            DEMO_DEPLOYERS[Math.floor(random() * DEMO_DEPLOYERS.length)],
          createdAt: new Date(Math.min(at, now.getTime() - HOUR)),
        });
      });
    }
  });
  return history;
}

/** Seeds the demo history into an empty ledger; a ledger with data is left alone. */
export async function seedDemoHistory(options: {
  store: DeploymentStore;
  stages: string[];
  logger: LoggerService;
  now?: Date;
}): Promise<void> {
  const { store, stages, logger } = options;
  if (!(await store.isEmpty())) {
    logger.info('Ledger already has deployments; demo seed skipped');
    return;
  }
  const history = buildDemoHistory(stages, options.now ?? new Date());
  await store.recordAll(history);
  logger.info(
    `Seeded ${history.length} demo deployments for ${DEMO_SERVICES.length} services`,
  );
}
