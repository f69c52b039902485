/*
 * Chaos test (issue #13): three backend replicas on one PostgreSQL database
 * take a mixed load — promotions, rollbacks, approvals by two people for
 * prod, signed CI deliveries (some retried under the same delivery id) and
 * the departures of a minutely train — while a driver SIGKILLs a random
 * replica every few seconds and starts it again, and PostgreSQL restarts
 * once. Afterwards the ledger's invariants are checked on its tables.
 *
 * CHAOS_SEED=<n> replays the same schedule of operations (the timing of the
 * answers, and so what they are, still varies); CHAOS_SECONDS sets how long
 * the load lasts (150 by default); CHAOS_VERBOSE=1 shows the replicas' logs;
 * CHAOS_KEEP_DB=1 keeps the database (`rt_chaos_…`) for a look afterwards.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import knexFactory, { type Knex } from 'knex';
import {
  dropDatabases,
  postgresReachable,
  postgresUrl,
  skipWithoutPostgres,
} from '../support/postgres.mts';
import {
  signReleaseTrainsRequest,
  verifyReleaseTrainsRequest,
} from '../../plugins/release-trains-node/src/signature.ts';
import {
  type BackendProcessOptions,
  startBackendProcess,
  writeBackendConfig,
} from '../support/startBackendProcess.mts';

const seed = Number(process.env.CHAOS_SEED ?? randomInt(2 ** 31));
const loadSeconds = Number(process.env.CHAOS_SECONDS ?? 150);
const verbose = Boolean(process.env.CHAOS_VERBOSE);

const REPLICAS = 3;
const WORKERS = 8;
const SERVICES = 4;
const STAGES = ['dev', 'staging', 'prod'];
const TERMINAL = ['succeeded', 'failed', 'rolled-back', 'cancelled'];
const STAGE_TIMEOUT_MINUTES = 1;
const TRAIN_STAGE_MINUTES = 2;
/** How long the deployment system takes before it reports success. */
const DEPLOY_MS = 1500;
/** After the load, how long one replica may take to settle what is open. */
const SETTLE_MS = 40_000;

const prefix = `rt_chaos_${randomBytes(4).toString('hex')}_`;
const ciSecret = randomBytes(24).toString('hex');
const webhookSecret = randomBytes(24).toString('hex');
const people = ['ana', 'ben', 'chen', 'dana'];
const serviceRefs = Array.from(
  { length: SERVICES },
  (_, i) => `component:default/svc-${i + 1}`,
);

/** A small, seedable generator (mulberry32): the same seed, the same draws. */
function generator(from: number) {
  let state = from >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
    between: (min: number, max: number) => min + next() * (max - min),
  };
}
type Generator = ReturnType<typeof generator>;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Restarting PostgreSQL needs the local cluster and root; elsewhere (a
 * remote server, no privileges) the run goes on without that fault.
 */
function postgresRestartCommand(): string[] | undefined {
  const local = ['127.0.0.1', 'localhost'].includes(
    new URL(postgresUrl).hostname,
  );
  if (!local || process.getuid?.() !== 0 || !existsSync('/etc/postgresql')) {
    return undefined;
  }
  const [version] = readdirSync('/etc/postgresql');
  return version
    ? ['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'restart']
    : undefined;
}

const skip = await skipWithoutPostgres();

/**
 * The deployment system the webhook deployer drives: counts the starts of
 * each deployment, calls back success after DEPLOY_MS (through any replica
 * that answers) and answers the status polls the same way.
 */
class FakeDeploymentSystem {
  readonly starts = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  private readonly server = http.createServer((req, res) =>
    this.handle(req, res),
  );
  private readonly replicaUrls: () => string[];
  badSignatures = 0;

  constructor(replicaUrls: () => string[]) {
    this.replicaUrls = replicaUrls;
  }

  async listen(): Promise<number> {
    await new Promise<void>(resolve =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise(resolve => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const deliveryId = req.headers['x-release-trains-delivery'] as string;
      const check = verifyReleaseTrainsRequest({
        body,
        deliveryId,
        signature: req.headers['x-release-trains-signature'] as string,
        secret: webhookSecret,
      });
      if (!check.valid) {
        this.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      if (req.method === 'POST') {
        const { deploymentId } = JSON.parse(body.toString());
        this.starts.set(deploymentId, (this.starts.get(deploymentId) ?? 0) + 1);
        if (!this.startedAt.has(deploymentId)) {
          this.startedAt.set(deploymentId, Date.now());
          setTimeout(() => this.callBack(deploymentId), DEPLOY_MS).unref();
        }
        this.answer(res, 200, { state: 'in-progress' });
        return;
      }
      // GET /status/<deployment id>; one never started is unknown here.
      const started = this.startedAt.get(deliveryId);
      if (started === undefined) {
        this.answer(res, 404, { error: 'unknown deployment' });
        return;
      }
      this.answer(res, 200, {
        state: Date.now() - started >= DEPLOY_MS ? 'succeeded' : 'in-progress',
      });
    });
  }

  private answer(res: http.ServerResponse, status: number, body: object) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** Best effort: when no replica takes it, the reconciler's poll does. */
  private async callBack(deploymentId: string) {
    const body = JSON.stringify({ deploymentId, state: 'succeeded' });
    const deliveryId = `callback-${deploymentId}`;
    for (const url of this.replicaUrls()) {
      try {
        await fetch(`${url}/api/release-trains/deployers/webhook/status`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Release-Trains-Delivery': deliveryId,
            'X-Release-Trains-Signature': signReleaseTrainsRequest({
              body,
              deliveryId,
              secret: webhookSecret,
            }),
          },
          body,
          signal: AbortSignal.timeout(5000),
        });
        return;
      } catch {
        // That replica is down; try the next.
      }
    }
  }
}

/** A backend process that the driver kills and starts again. */
class Replica {
  process: ChildProcess | undefined;
  private starting: Promise<void> | undefined;
  starts = 0;
  /** Milliseconds each start took, to the backend's 'started'. */
  readonly startupMs: number[] = [];
  /** Exits nobody asked for (a crash, say on losing PostgreSQL). */
  crashes = 0;

  readonly options: BackendProcessOptions;
  private readonly configFile: string;

  constructor(options: BackendProcessOptions) {
    this.options = options;
    // Written once: each restart reads the same configuration.
    this.configFile = writeBackendConfig(options);
  }

  get url() {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get up() {
    return this.process !== undefined;
  }

  /** Starts the process, retrying while it cannot (PostgreSQL down). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        const begun = Date.now();
        try {
          const child = await startBackendProcess(
            this.options,
            this.configFile,
          );
          this.starts++;
          this.startupMs.push(Date.now() - begun);
          child.on('exit', () => {
            if (this.process === child) {
              this.process = undefined;
              this.crashes++;
            }
          });
          this.process = child;
          return;
        } catch (error) {
          if (attempt === 5) throw error;
          await sleep(2000);
        }
      }
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  kill() {
    const child = this.process;
    this.process = undefined;
    child?.kill('SIGKILL');
  }
}

type Outcome = { status: number; body: any };

/** What the run did, printed at the end. */
class Figures {
  attempted = 0;
  accepted = 0;
  readonly refused = new Map<string, number>();
  kills = 0;
  postgresRestarts = 0;

  count(operation: string, status: number) {
    this.attempted++;
    if (status >= 200 && status < 300) {
      this.accepted++;
    } else {
      const key = `${operation} ${
        { 0: 'unreachable', [-1]: 'timeout' }[status] ?? status
      }`;
      this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    }
  }
}

type Delivery = { id: string; events: any[] };

/**
 * The load: each worker draws its operations from its own generator, so a
 * seed replays the same schedule of operations.
 */
class Load {
  readonly acceptedDeliveries = new Map<string, Delivery>();
  /** Deployments awaiting approval, and who asked for each. */
  private readonly awaiting = new Map<string, string | undefined>();
  private readonly versions = new Map<string, string[]>(
    serviceRefs.map(ref => [ref, []]),
  );
  /** CI deployments started and not yet reported finished. */
  private readonly ciRunning: Omit<Delivery['events'][number], 'type'>[] = [];
  private nextVersion = 0;
  private nextDelivery = 0;
  private nextCiRun = 0;

  private readonly replicas: Replica[];
  private readonly tokens: Map<string, string>;
  private readonly figures: Figures;

  constructor(
    replicas: Replica[],
    tokens: Map<string, string>,
    figures: Figures,
  ) {
    this.replicas = replicas;
    this.tokens = tokens;
    this.figures = figures;
  }

  private async call(
    random: Generator,
    path: string,
    init: RequestInit & { person?: string } = {},
  ): Promise<Outcome> {
    const live = this.replicas.filter(r => r.up);
    const replica = random.pick(live.length ? live : this.replicas);
    try {
      const response = await fetch(`${replica.url}/api/release-trains${path}`, {
        ...init,
        headers: {
          'Content-Type': 'application/json',
          ...(init.person && {
            Authorization: `Bearer ${this.tokens.get(init.person)}`,
          }),
          ...init.headers,
        },
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { text };
      }
      return { status: response.status, body };
    } catch (error) {
      // 0: no answer at all; -1: no answer in time (a replica stalled,
      // PostgreSQL restarting).
      const timedOut = (error as Error).name === 'TimeoutError';
      return { status: timedOut ? -1 : 0, body: {} };
    }
  }

  /** CI sends a delivery, signed; on no answer it retries the same id. */
  private async deliver(random: Generator, delivery: Delivery) {
    const body = JSON.stringify({ events: delivery.events });
    // Some deliveries are sent twice at once, as a CI retry racing its
    // first attempt; others once more after they were accepted.
    const racing = random.chance(0.15);
    const repeat = random.chance(0.15);
    const send = () =>
      this.call(random, '/events', {
        method: 'POST',
        headers: {
          'X-Release-Trains-Source': 'ci',
          'X-Release-Trains-Delivery': delivery.id,
          'X-Release-Trains-Signature': signReleaseTrainsRequest({
            body,
            deliveryId: delivery.id,
            secret: ciSecret,
          }),
        },
        body,
      });
    for (let attempt = 0; attempt < 4; attempt++) {
      const answers = await Promise.all(racing ? [send(), send()] : [send()]);
      for (const answer of answers)
        this.figures.count('delivery', answer.status);
      if (answers.some(a => a.status === 200)) {
        this.acceptedDeliveries.set(delivery.id, delivery);
        if (repeat) {
          const again = await send();
          this.figures.count('delivery', again.status);
        }
        return;
      }
      if (answers.every(a => a.status >= 400 && a.status < 500)) return;
      await sleep(random.between(200, 1000));
    }
  }

  private deliveryId(kind: string) {
    return `${kind}-${seed}-${this.nextDelivery++}`;
  }

  private async build(random: Generator) {
    const service = random.pick(serviceRefs);
    const version = `1.0.${this.nextVersion++}`;
    await this.deliver(random, {
      id: this.deliveryId('build'),
      events: [
        {
          type: 'version.created',
          service,
          version,
          commitSha: randomBytes(20).toString('hex'),
          // A second ago: the server refuses times ahead of its clock.
          builtAt: new Date(Date.now() - 1000).toISOString(),
        },
      ],
    });
    this.versions.get(service)!.push(version);
  }

  /**
   * CI reports a deployment into dev it ran itself: started, then (in
   * another delivery) succeeded or failed; a few are never finished, as
   * when a CI runner dies.
   */
  private async ciDeployment(random: Generator) {
    const finishing = this.ciRunning.length > 0 && random.chance(0.6);
    if (finishing) {
      const run = this.ciRunning.splice(
        random.int(this.ciRunning.length),
        1,
      )[0];
      await this.deliver(random, {
        id: this.deliveryId('ci-finish'),
        events: [
          {
            ...run,
            type: random.chance(0.85)
              ? 'deployment.succeeded'
              : 'deployment.failed',
            occurredAt: new Date(Date.now() - 1000).toISOString(),
          },
        ],
      });
      return;
    }
    const service = random.pick(serviceRefs);
    const versions = this.versions.get(service)!;
    if (versions.length === 0) return;
    const run = {
      service,
      stage: 'dev',
      version: random.pick(versions.slice(-3)),
      externalId: `ci-run-${seed}-${this.nextCiRun++}`,
    };
    const started = random.chance(0.5);
    await this.deliver(random, {
      id: this.deliveryId('ci-deploy'),
      events: [
        {
          ...run,
          type: started ? 'deployment.started' : 'deployment.succeeded',
          occurredAt: new Date(Date.now() - 1000).toISOString(),
        },
      ],
    });
    // One in ten is never finished.
    if (started && !random.chance(0.1)) this.ciRunning.push(run);
  }

  private async promote(random: Generator) {
    const service = random.pick(serviceRefs);
    const versions = this.versions.get(service)!;
    if (versions.length === 0) return;
    const person = random.pick(people);
    const answer = await this.call(random, '/promotions', {
      method: 'POST',
      person,
      body: JSON.stringify({
        service,
        version: random.pick(versions.slice(-3)),
        ...(random.chance(0.3) && { stage: random.pick(STAGES) }),
        reason: 'chaos',
      }),
    });
    this.figures.count('promotion', answer.status);
    if (answer.status === 201 && answer.body.state === 'awaiting-approval') {
      this.awaiting.set(answer.body.id, person);
    }
  }

  private async approve(random: Generator) {
    const ids = [...this.awaiting.keys()];
    if (ids.length === 0) return;
    const id = random.pick(ids);
    const requester = this.awaiting.get(id);
    const person = random.pick(people.filter(p => p !== requester));
    const answer = await this.call(random, `/deployments/${id}/approvals`, {
      method: 'POST',
      person,
      body: JSON.stringify({
        decision: random.chance(0.1) ? 'reject' : 'approve',
      }),
    });
    this.figures.count('approval', answer.status);
    if (answer.status === 200 && answer.body.state !== 'awaiting-approval') {
      this.awaiting.delete(id);
    }
    if (answer.status === 404 || answer.status === 409)
      this.awaiting.delete(id);
  }

  private async rollback(random: Generator) {
    const answer = await this.call(random, '/rollbacks', {
      method: 'POST',
      person: random.pick(people),
      body: JSON.stringify({
        service: random.pick(serviceRefs),
        stage: random.pick(STAGES),
        reason: 'chaos rollback',
      }),
    });
    this.figures.count('rollback', answer.status);
  }

  /** Reads a pipeline, as the Release tab does; finds the train's prod deployments to approve. */
  private async look(random: Generator) {
    const service = random.pick(serviceRefs);
    const answer = await this.call(
      random,
      `/pipeline?service=${encodeURIComponent(service)}`,
      { person: random.pick(people) },
    );
    this.figures.count('read', answer.status);
    for (const stage of answer.body.stages ?? []) {
      if (stage.inFlight?.state === 'awaiting-approval') {
        if (!this.awaiting.has(stage.inFlight.id)) {
          this.awaiting.set(stage.inFlight.id, undefined);
        }
      }
    }
  }

  async worker(index: number, until: number) {
    const random = generator(seed * 31 + index);
    while (Date.now() < until) {
      const draw = random.int(100);
      if (draw < 20) await this.build(random);
      else if (draw < 38) await this.ciDeployment(random);
      else if (draw < 62) await this.promote(random);
      else if (draw < 82) await this.approve(random);
      else if (draw < 90) await this.rollback(random);
      else await this.look(random);
      await sleep(random.between(20, 200));
    }
  }
}

/** Kills a random live replica every few seconds and starts it again. */
async function killReplicas(
  replicas: Replica[],
  figures: Figures,
  until: number,
) {
  const random = generator(seed * 17);
  const restarts: Promise<void>[] = [];
  while (Date.now() < until) {
    await sleep(random.between(3000, 7000));
    // Two replicas up at least: a start takes seconds (tens on a busy
    // machine), and with all of them down the load would test nothing.
    const live = replicas.filter(r => r.up);
    if (live.length < 2 || Date.now() >= until) continue;
    const victim = random.pick(live);
    victim.kill();
    figures.kills++;
    const downFor = random.between(500, 3000);
    restarts.push(sleep(downFor).then(() => victim.start()));
  }
  await Promise.all(restarts);
}

async function restartPostgres(command: string[]) {
  await promisify(execFile)(command[0], command.slice(1));
}

type Violation = { invariant: string; detail: string };

/** The invariants, read on the ledger's tables once the load is over. */
async function checkInvariants(
  db: Knex,
  load: Load,
  starts: Map<string, number>,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const violate = (invariant: string, detail: unknown) =>
    violations.push({ invariant, detail: JSON.stringify(detail) });

  // 1. Every accepted delivery applied exactly once.
  const stored = new Set(
    (await db('ingestion_deliveries').select('delivery_id')).map(
      r => r.delivery_id,
    ),
  );
  const versions = new Set(
    (await db('versions').select('service_ref', 'version')).map(
      r => `${r.service_ref} ${r.version}`,
    ),
  );
  const ciDeployments = new Map<string, number>();
  for (const row of await db('deployments')
    .whereNotNull('external_id')
    .select('service_ref', 'external_id')) {
    const key = `${row.service_ref} ${row.external_id}`;
    ciDeployments.set(key, (ciDeployments.get(key) ?? 0) + 1);
  }
  for (const delivery of load.acceptedDeliveries.values()) {
    if (!stored.has(delivery.id)) {
      violate('accepted delivery applied exactly once', {
        delivery: delivery.id,
        problem: 'answered 200 but not in ingestion_deliveries',
      });
    }
    for (const event of delivery.events) {
      if (
        event.type === 'version.created' &&
        !versions.has(`${event.service} ${event.version}`)
      ) {
        violate('accepted delivery applied exactly once', {
          delivery: delivery.id,
          problem: `version ${event.version} of ${event.service} missing`,
        });
      }
      if (event.type.startsWith('deployment.')) {
        const count =
          ciDeployments.get(`${event.service} ${event.externalId}`) ?? 0;
        if (count !== 1) {
          violate('accepted delivery applied exactly once', {
            delivery: delivery.id,
            problem: `${count} deployments for CI id ${event.externalId}`,
          });
        }
      }
    }
  }
  for (const row of await db('deployment_transitions')
    .whereNotNull('delivery_id')
    .groupBy('deployment_id', 'to_state', 'delivery_id')
    .havingRaw('count(*) > 1')
    .select('deployment_id', 'to_state', 'delivery_id')
    .count({ times: '*' })) {
    violate('accepted delivery applied exactly once', {
      ...row,
      problem: 'the same delivery moved a deployment twice',
    });
  }

  // 2. Never two deployments in flight for a (service, stage).
  for (const row of await db('deployments')
    .whereNotIn('state', TERMINAL)
    .groupBy('service_ref', 'stage')
    .havingRaw('count(*) > 1')
    .select('service_ref', 'stage')
    .select(
      db.raw(
        "string_agg(id || ' ' || kind || ' ' || state, ', ') as deployments",
      ),
    )) {
    violate('at most one deployment in flight per (service, stage)', row);
  }
  for (const row of await db('stage_state as s')
    .join('deployments as d', 'd.id', 's.in_flight_deployment_id')
    .whereIn('d.state', TERMINAL)
    .select('s.service_ref', 's.stage', 'd.id', 'd.state')) {
    violate('stage_state.in_flight names a live deployment', row);
  }

  // 3. Every departure slot departed at most once; every run arrived, or
  //    failed with a reason, or is still within its time.
  for (const row of await db('train_runs')
    .groupBy('train', 'departs_at')
    .havingRaw('count(*) > 1')
    .select('train', 'departs_at')
    .count({ runs: '*' })) {
    violate('a departure slot departs at most once', row);
  }
  for (const row of await db('train_run_items')
    .groupBy('run_id', 'service_ref')
    .havingRaw('count(*) > 1')
    .select('run_id', 'service_ref')
    .count({ items: '*' })) {
    violate('a service boards a run at most once', row);
  }
  const stagesToTravel = STAGES.length - 1;
  for (const run of await db('train_runs').select()) {
    const due =
      new Date(run.departs_at).getTime() +
      stagesToTravel * TRAIN_STAGE_MINUTES * 60_000;
    const settled =
      run.state === 'arrived' ||
      (['partially-rolled-back', 'cancelled'].includes(run.state) &&
        run.reason);
    if (!settled && Date.now() > due) {
      violate(
        'a train run arrives, fails with a reason or is within its time',
        {
          id: run.id,
          departsAt: run.departs_at,
          state: run.state,
          stage: run.stage,
          reason: run.reason,
        },
      );
    }
  }

  // 4. No deployment without a terminal state or a live deadline.
  for (const row of await db('deployments')
    .whereNotIn('state', TERMINAL)
    .where(q =>
      q.whereNull('deadline_at').orWhere('deadline_at', '<=', db.fn.now()),
    )
    .select(
      'id',
      'service_ref',
      'stage',
      'kind',
      'state',
      'deployer',
      'external_id',
      'deadline_at',
    )) {
    violate('a deployment is terminal or has a live deadline', row);
  }

  // 5. What a stage runs is the version of its last succeeded deployment,
  //    in the order the server recorded the successes.
  const lastSucceeded = await db
    .with('successes', q =>
      q
        .from('deployment_transitions as t')
        .join('deployments as d', 'd.id', 't.deployment_id')
        .where('t.to_state', 'succeeded')
        .where('d.state', 'succeeded')
        .select(
          'd.service_ref',
          'd.stage',
          'd.id',
          'd.version',
          db.raw(
            'row_number() over (partition by d.service_ref, d.stage order by t.id desc) as position',
          ),
        ),
    )
    .from('successes')
    .where('position', 1)
    .select('service_ref', 'stage', 'id', 'version');
  const expected = new Map(
    lastSucceeded.map(r => [`${r.service_ref} ${r.stage}`, r]),
  );
  for (const row of await db('stage_state').select()) {
    const last = expected.get(`${row.service_ref} ${row.stage}`);
    if ((last?.version ?? null) !== row.current_version) {
      violate('a stage runs the version of its last succeeded deployment', {
        service: row.service_ref,
        stage: row.stage,
        current: [row.current_deployment_id, row.current_version],
        lastSucceeded: last ? [last.id, last.version] : null,
      });
    }
  }

  // 6. The deployer is asked to start a deployment at most once.
  for (const [deploymentId, count] of starts) {
    if (count > 1) {
      violate('the deployer starts a deployment at most once', {
        deploymentId,
        starts: count,
      });
    }
  }
  return violations;
}

const replicas: Replica[] = [];
let deploymentSystem: FakeDeploymentSystem | undefined;

after(async () => {
  for (const replica of replicas) replica.kill();
  await deploymentSystem?.close();
  if (skip || process.env.CHAOS_KEEP_DB) return;
  // PostgreSQL may still be coming back from its restart.
  for (
    let attempt = 0;
    attempt < 30 && !(await postgresReachable());
    attempt++
  ) {
    await sleep(1000);
  }
  await dropDatabases(prefix);
});

test(
  'three replicas under load, killed at random and cut off from PostgreSQL once, keep the ledger consistent',
  { skip, timeout: 300_000 },
  async () => {
    const began = Date.now();
    console.log(
      `chaos seed ${seed} (CHAOS_SEED=${seed} replays it), database ${prefix}release-trains`,
    );
    const figures = new Figures();
    deploymentSystem = new FakeDeploymentSystem(() =>
      replicas.filter(r => r.up).map(r => r.url),
    );
    const deployerPort = await deploymentSystem.listen();
    const deployerUrl = `http://127.0.0.1:${deployerPort}`;

    const releaseTrains = {
      pipelines: {
        default: {
          deployer: 'webhook',
          stages: STAGES.map(name => ({
            name,
            timeoutMinutes: STAGE_TIMEOUT_MINUTES,
            ...(name === 'prod' && { gates: { approvals: 2 } }),
          })),
        },
      },
      deployers: {
        webhook: {
          url: `${deployerUrl}/deployments`,
          statusUrl: `${deployerUrl}/status/{deploymentId}`,
          secret: webhookSecret,
        },
      },
      ingestion: { sources: { ci: { secret: ciSecret, allServices: true } } },
      trains: {
        minutely: {
          schedule: { cron: '* * * * *', timeZone: 'UTC' },
          services: serviceRefs,
          // Versions built up to six seconds before a departure board it.
          cutoffMinutes: 0.1,
          stageMinutes: TRAIN_STAGE_MINUTES,
        },
      },
    };
    for (let index = 0; index < REPLICAS; index++) {
      const options: BackendProcessOptions = {
        port: await freePort(),
        postgresUrl,
        prefix,
        token: randomBytes(24).toString('hex'),
        services: SERVICES,
        people,
        env: { LOG_LEVEL: verbose ? 'info' : 'warn' },
        quiet: !verbose,
        releaseTrains,
      };
      replicas.push(new Replica(options));
    }
    // The first start runs the migrations; the others join it.
    await replicas[0].start();
    await Promise.all(replicas.slice(1).map(r => r.start()));

    const tokens = new Map<string, string>();
    for (const person of people) {
      const response = await fetch(
        `${replicas[0].url}/api/auth/demo-users/refresh`,
        {
          headers: {
            'X-Requested-With': 'XMLHttpRequest',
            'x-demo-user': person,
          },
        },
      );
      assert.equal(response.status, 200, `${person} signs in`);
      const body = (await response.json()) as {
        backstageIdentity: { token: string };
      };
      tokens.set(person, body.backstageIdentity.token);
    }

    const load = new Load(replicas, tokens, figures);
    const until = Date.now() + loadSeconds * 1000;
    const restartCommand = postgresRestartCommand();
    const postgresFault = (async () => {
      if (!restartCommand) {
        console.log(
          'PostgreSQL is not restartable here: that fault is skipped',
        );
        return;
      }
      await sleep((loadSeconds * 1000) / 2);
      await restartPostgres(restartCommand);
      figures.postgresRestarts++;
    })();
    await Promise.all([
      ...Array.from({ length: WORKERS }, (_, i) => load.worker(i, until)),
      killReplicas(replicas, figures, until),
      postgresFault,
    ]);

    // Settle: one replica stays, for its reconciler to finish what is in
    // progress (callbacks lost with a killed replica, deadlines passed).
    for (const replica of replicas.slice(1)) replica.kill();
    if (!replicas[0].up) await replicas[0].start();
    const db = knexFactory({
      client: 'pg',
      connection: `${postgresUrl}/${prefix}release-trains`,
      pool: { min: 0, max: 2 },
    });
    try {
      const settleUntil = Date.now() + SETTLE_MS;
      while (Date.now() < settleUntil) {
        const [{ open }] = await db('deployments')
          .where('state', 'in-progress')
          .whereNotNull('deployer')
          .count({ open: '*' });
        if (Number(open) === 0) break;
        await sleep(2000);
      }
      replicas[0].kill();

      const violations = await checkInvariants(
        db,
        load,
        deploymentSystem.starts,
      );
      const [{ deployments }] = await db('deployments').count({
        deployments: '*',
      });
      const [{ runs }] = await db('train_runs').count({ runs: '*' });
      const crashes = replicas.reduce((sum, r) => sum + r.crashes, 0);
      const startups = replicas.flatMap(r => r.startupMs);
      console.log(
        [
          `seed: ${seed}`,
          `duration: ${((Date.now() - began) / 1000).toFixed(
            1,
          )} s (load ${loadSeconds} s)`,
          `operations attempted: ${figures.attempted}`,
          `accepted: ${figures.accepted}`,
          `refused: ${
            [...figures.refused]
              .sort()
              .map(([key, n]) => `${key}: ${n}`)
              .join(', ') || 'none'
          }`,
          `accepted deliveries: ${load.acceptedDeliveries.size}`,
          `deployments: ${deployments}, deployer starts: ${deploymentSystem.starts.size}, train runs: ${runs}`,
          `kills: ${figures.kills}, crashes: ${crashes}, PostgreSQL restarts: ${figures.postgresRestarts}`,
          `replica starts: ${startups.length}, slowest ${(
            Math.max(...startups) / 1000
          ).toFixed(1)} s`,
          `invariant violations: ${violations.length}`,
          ...violations.map(v => `  ${v.invariant}: ${v.detail}`),
        ].join('\n'),
      );
      assert.equal(deploymentSystem.badSignatures, 0);
      assert.deepEqual(
        violations.map(v => v.invariant),
        [],
        'no invariant is violated',
      );
    } finally {
      await db.destroy();
    }
  },
);
