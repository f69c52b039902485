import { Knex } from 'knex';
import { ApprovalStore } from './ApprovalStore';
import { ChangeStore } from './ChangeStore';
import { DeliveryStore } from './DeliveryStore';
import { DeploymentStore } from './DeploymentStore';
import { DigestStore } from './DigestStore';
import { DoraFactStore } from './DoraFactStore';
import { DriftStore } from './DriftStore';
import { InsightsStore } from './InsightsStore';
import { RehearsalStore } from './RehearsalStore';
import { RolloutStore } from './RolloutStore';
import { ServiceStore } from './ServiceStore';
import { StageStateStore } from './StageStateStore';
import { TrainStore } from './TrainStore';
import { VersionStore } from './VersionStore';

/**
 * The plugin's database, one store a table group. `transaction` gives the
 * same stores bound to one transaction, so features never handle knex.
 */
export class Ledger {
  readonly deployments: DeploymentStore;
  readonly stages: StageStateStore;
  readonly versions: VersionStore;
  readonly changes: ChangeStore;
  readonly approvals: ApprovalStore;
  readonly deliveries: DeliveryStore;
  readonly services: ServiceStore;
  readonly trains: TrainStore;
  readonly insights: InsightsStore;
  readonly drift: DriftStore;
  readonly digests: DigestStore;
  readonly doraFacts: DoraFactStore;
  readonly rollouts: RolloutStore;
  readonly rehearsals: RehearsalStore;

  constructor(private readonly db: Knex) {
    this.deployments = new DeploymentStore(db);
    this.stages = new StageStateStore(db);
    this.versions = new VersionStore(db);
    this.changes = new ChangeStore(db);
    this.approvals = new ApprovalStore(db);
    this.deliveries = new DeliveryStore(db);
    this.services = new ServiceStore(db);
    this.trains = new TrainStore(db);
    this.insights = new InsightsStore(db);
    this.drift = new DriftStore(db);
    this.digests = new DigestStore(db);
    this.doraFacts = new DoraFactStore(db);
    this.rollouts = new RolloutStore(db);
    this.rehearsals = new RehearsalStore(db);
  }

  async transaction<T>(fn: (ledger: Ledger) => Promise<T>): Promise<T> {
    return this.db.transaction(trx => fn(new Ledger(trx)));
  }
}
