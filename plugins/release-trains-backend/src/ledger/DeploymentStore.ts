import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Deployment,
  DeploymentKind,
} from '@internal/backstage-plugin-release-trains-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-release-trains-backend',
  'migrations',
);

type DeploymentRow = {
  id: string;
  service_ref: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  created_by: string;
  created_at: Date | string | number;
};

/** A deployment to add to the ledger. */
export type NewDeployment = Omit<Deployment, 'id' | 'createdAt'> & {
  createdAt?: Date;
};

/** Runs the plugin's migrations to the latest version. */
export async function migrateLedger(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/**
 * The deploy ledger: append-only deployment history, read back per service.
 */
export class DeploymentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DeploymentStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateLedger(knex);
    }
    return new DeploymentStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async record(deployment: NewDeployment): Promise<Deployment> {
    const row = toRow(deployment);
    await this.db<DeploymentRow>('deployments').insert(row);
    return toDeployment(row);
  }

  /** Adds many deployments in one transaction, e.g. a demo history. */
  async recordAll(deployments: NewDeployment[]): Promise<void> {
    await this.db.batchInsert('deployments', deployments.map(toRow), 200);
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db('deployments').first('id');
    return row === undefined;
  }

  /** A service's deployments, newest first. */
  async listByService(
    service: string,
    options: { limit: number },
  ): Promise<Deployment[]> {
    const rows = await this.db<DeploymentRow>('deployments')
      .where({ service_ref: service })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toDeployment);
  }

  /** The latest deployment of each stage the service has been deployed to. */
  async latestByStage(service: string): Promise<Map<string, Deployment>> {
    const ranked = this.db<DeploymentRow>('deployments')
      .select('*')
      .select(
        this.db.raw(
          'row_number() over (partition by stage order by created_at desc, id desc) as position',
        ),
      )
      .where({ service_ref: service })
      .as('ranked');
    const rows: DeploymentRow[] = await this.db
      .from(ranked)
      .where('position', 1);
    return new Map(rows.map(row => [row.stage, toDeployment(row)]));
  }
}

function toRow(deployment: NewDeployment): DeploymentRow {
  return {
    id: randomUUID(),
    service_ref: deployment.service,
    stage: deployment.stage,
    version: deployment.version,
    kind: deployment.kind,
    created_by: deployment.createdBy,
    created_at: deployment.createdAt ?? new Date(),
  };
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    service: row.service_ref,
    stage: row.stage,
    version: row.version,
    kind: row.kind,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
