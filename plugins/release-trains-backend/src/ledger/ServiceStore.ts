import { Knex } from 'knex';

/** A service on a pipeline, as synced from the catalog. */
export type ServiceRecord = {
  ref: string;
  pipeline: string;
  train?: string;
  owner?: string;
  system?: string;
  dependsOn: string[];
  /** Version ranges of other services, by entity ref (`release-trains/requires`). */
  requires: Record<string, string>;
};

type ServiceRow = {
  service_ref: string;
  pipeline: string;
  train: string | null;
  owner: string | null;
  system: string | null;
  depends_on: string;
  requires: string;
  synced_at: Date | string | number;
};

function toRow(service: ServiceRecord, syncedAt: Date): ServiceRow {
  return {
    service_ref: service.ref,
    pipeline: service.pipeline,
    train: service.train ?? null,
    owner: service.owner ?? null,
    system: service.system ?? null,
    depends_on: JSON.stringify(service.dependsOn),
    requires: JSON.stringify(service.requires),
    synced_at: syncedAt,
  };
}

function toRecord(row: ServiceRow): ServiceRecord {
  return {
    ref: row.service_ref,
    pipeline: row.pipeline,
    ...(row.train && { train: row.train }),
    ...(row.owner && { owner: row.owner }),
    ...(row.system && { system: row.system }),
    dependsOn: JSON.parse(row.depends_on),
    requires: JSON.parse(row.requires),
  };
}

/** The services the ledger knows, kept in step with the catalog. */
export class ServiceStore {
  constructor(private readonly db: Knex) {}

  async get(ref: string): Promise<ServiceRecord | undefined> {
    return (await this.getMany([ref])).get(ref);
  }

  /** The known services among `refs`, by ref. */
  async getMany(refs: string[]): Promise<Map<string, ServiceRecord>> {
    const found = new Map<string, ServiceRecord>();
    const unique = [...new Set(refs)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db<ServiceRow>('services').whereIn(
        'service_ref',
        unique.slice(i, i + 500),
      );
      for (const row of rows) found.set(row.service_ref, toRecord(row));
    }
    return found;
  }

  /** Every service the ledger knows. */
  async listAll(): Promise<ServiceRecord[]> {
    const rows = await this.db<ServiceRow>('services')
      .orderBy('service_ref')
      .select('service_ref');
    return [...(await this.getMany(rows.map(row => row.service_ref))).values()];
  }

  /** The services annotated to ride a train, by ref. */
  async refsOnTrain(train: string): Promise<string[]> {
    const rows: Pick<ServiceRow, 'service_ref'>[] = await this.db<ServiceRow>(
      'services',
    )
      .where({ train })
      .orderBy('service_ref')
      .select('service_ref');
    return rows.map(row => row.service_ref);
  }

  async upsert(service: ServiceRecord): Promise<void> {
    await this.db<ServiceRow>('services')
      .insert(toRow(service, new Date()))
      .onConflict('service_ref')
      .merge();
  }

  /**
   * Makes the table hold exactly `services`: a full sync from the catalog.
   * History of removed services stays in the ledger.
   */
  async replaceAll(services: ServiceRecord[]): Promise<void> {
    const syncedAt = new Date();
    await this.db.transaction(async trx => {
      for (let i = 0; i < services.length; i += 200) {
        await trx<ServiceRow>('services')
          .insert(services.slice(i, i + 200).map(s => toRow(s, syncedAt)))
          .onConflict('service_ref')
          .merge();
      }
      await trx<ServiceRow>('services')
        .whereNotIn(
          'service_ref',
          services.map(s => s.ref),
        )
        .delete();
    });
  }
}
