import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeployerStatus,
  DeploymentRequest,
  HealthSample,
  ReleaseTrainsDeployer,
  ReleaseTrainsMetricProvider,
  RolloutOperations,
} from '@release-trains/plugin-release-trains-node';
import { ConfigReader } from '@backstage/config';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { DEFAULT_PIPELINES, StageConfig } from '../config/pipelines';
import { readRollout } from '../config/rollouts';
import { Ledger } from '../ledger/Ledger';
import { ApproverCheck } from '../promotion/approvers';
import { PromotionEvents } from '../promotion/PromotionEvents';
import { createDeliveryEngine } from '../rollout/engine';
import { pushMetricProvider } from '../rollout/providers';
import { createLedgerDatabase } from './ledger';
import { testPeople } from './startTestLedgerBackend';

export const ana = 'user:default/ana';

/**
 * A deployer that can shift traffic: it records every call, and brings a
 * version up at once unless `up` says otherwise.
 */
export class SteppingDeployer implements ReleaseTrainsDeployer {
  readonly id = 'remote';
  readonly calls: string[] = [];
  up: DeployerStatus = { state: 'succeeded' };
  /** Set to make the traffic operations throw. */
  failing?: Error;
  readonly rollout: RolloutOperations = {
    setWeight: async (request, weight) =>
      this.record(`${request.version} weight ${weight}`),
    switchTraffic: async request => this.record(`${request.version} switch`),
    abort: async request => this.record(`${request.version} abort`),
  };

  private record(call: string) {
    if (this.failing) throw this.failing;
    this.calls.push(call);
  }

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    this.calls.push(
      `start ${request.kind} ${request.version}${
        request.rollout
          ? ` ${request.rollout.strategy} from ${request.rollout.baselineVersion}`
          : ''
      }`,
    );
    return this.up;
  }

  async status(): Promise<DeployerStatus> {
    return this.up;
  }
}

/** A service whose one stage, prod, rolls out as `rollout` says (YAML-like config). */
export function rolloutService(
  rollout: object,
  providers = new Set(['push']),
): ReleaseService {
  const [base] = DEFAULT_PIPELINES.get('default')!.stages.slice(-1);
  const prod: StageConfig = {
    ...base,
    deployer: 'remote',
    gates: { ...base.gates, approvals: 0, healthyPreviousStage: false },
    rollout: readRollout(new ConfigReader(rollout), 'rollout', providers),
  };
  return {
    ref: 'component:default/payments',
    pipeline: { name: 'default', stages: [prod], allowSkippingStages: true },
    requires: {},
  };
}

/** What the events told: signals, owner notifications, pauses. */
export function recordingEvents() {
  const told: string[] = [];
  const events: PromotionEvents = {
    deploymentChanged: async () => {},
    approvalNeeded: async () => {},
    ownersConcerned: async d =>
      void told.push(`owner: ${d.kind} ${d.version} ${d.state}`),
    ungatedDeployment: async () => {},
    driftFound: async () => {},
    rolloutPaused: async (d, reason) =>
      void told.push(`paused: ${d.version}: ${reason}`),
  };
  return { told, events };
}

/**
 * The delivery engine on a test database, as the plugin wires it, with
 * versions 1.0.0 and 1.1.0 of the service, a clock the test moves, and
 * the push provider (plus any given).
 */
export async function createRolloutTest(
  db: Knex,
  options: {
    service: ReleaseService;
    deployer?: ReleaseTrainsDeployer;
    providers?: ReleaseTrainsMetricProvider[];
    start?: Date;
  },
) {
  const ledger = new Ledger(db);
  for (const [version, builtAt] of [
    ['1.0.0', '2026-12-01T08:00:00Z'],
    ['1.1.0', '2026-12-01T09:00:00Z'],
  ]) {
    await ledger.versions.add({
      service: options.service.ref,
      version,
      commitSha: version.replace(/\./g, '').padEnd(40, '0'),
      builtAt: new Date(builtAt),
      changes: [],
    });
  }
  const clock = { now: options.start ?? new Date('2026-12-02T10:00:00Z') };
  const deployer = options.deployer ?? new SteppingDeployer();
  const { told, events } = recordingEvents();
  const { engine, rollouts } = createDeliveryEngine({
    ledger,
    approvers: new ApproverCheck({
      catalog: catalogServiceMock({ entities: testPeople }),
      auth: mockServices.auth(),
    }),
    deployers: new Map([[deployer.id, deployer]]),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    events,
    now: () => clock.now,
    providers: new Map(
      [pushMetricProvider(ledger), ...(options.providers ?? [])].map(p => [
        p.id,
        p,
      ]),
    ),
    resolveService: async ref =>
      ref === options.service.ref ? options.service : undefined,
  });
  const { service } = options;
  return {
    ledger,
    engine,
    rollouts,
    deployer,
    told,
    clock,
    /** Moves the clock on by `seconds`. */
    pass(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
    promote: (version: string) =>
      engine.promotions.promote(service, { version, requestedBy: ana }),
    /** Pushes health numbers for the deployment, as a system would. */
    push: (deploymentId: string, samples: HealthSample[]) =>
      rollouts.reportHealth(deploymentId, samples, 'test', () => {}),
    prod: async () => (await ledger.stages.ofService(service.ref)).get('prod')!,
    details: (deploymentId: string) => rollouts.details(service, deploymentId),
    deployment: (deploymentId: string) =>
      engine.approvals.details(service, deploymentId),
  };
}

/** Healthy numbers for every default check. */
export const healthy = (errorRate = 0.005): HealthSample[] => [
  { check: 'error-rate', canary: errorRate, baseline: 0.005 },
  { check: 'latency-p95', canary: 120, baseline: 118 },
  { check: 'health-check', canary: 1 },
  { check: 'burn-rate', canary: 1 },
];

/**
 * A roll-out test on a fresh database whose prod runs 1.0.0 (rolled out
 * all at once: nothing ran before), the baseline of the next roll-out, a
 * minute later.
 */
export async function createRolloutTestWithBaseline(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  service: ReleaseService,
  deployer = new SteppingDeployer(),
) {
  const db = await createLedgerDatabase(databases, databaseId);
  const test = await createRolloutTest(db, { service, deployer });
  const first = await test.promote('1.0.0');
  test.pass(60);
  return { ...test, deployer, service, first };
}

/** Shifts the weight, then measures once an interval (30 s) later with these numbers. */
export async function measureOnce(
  test: Awaited<ReturnType<typeof createRolloutTest>>,
  deploymentId: string,
  samples: HealthSample[],
) {
  await test.rollouts.stepper.tick();
  test.pass(30);
  await test.push(deploymentId, samples);
  await test.rollouts.stepper.tick();
}
