import { Knex } from 'knex';

/** A service on a pipeline, as synced from the catalog. */
export type ServiceRecord = {
  ref: string;
  pipeline: string;
  train?: string;
  owner?: string;
  system?: string;
  dependsOn: string[];
};

type ServiceRow = {
  service_ref: string;
  pipeline: string;
  train: string | null;
  owner: string | null;
  system: string | null;
  depends_on: string;
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
    synced_at: syncedAt,
  };
}

/** The services the ledger knows, kept in step with the catalog. */
export class ServiceStore {
  constructor(private readonly db: Knex) {}

  async get(ref: string): Promise<ServiceRecord | undefined> {
    const row = await this.db<ServiceRow>('services')
      .where({ service_ref: ref })
      .first();
    return (
      row && {
        ref: row.service_ref,
        pipeline: row.pipeline,
        ...(row.train && { train: row.train }),
        ...(row.owner && { owner: row.owner }),
        ...(row.system && { system: row.system }),
        dependsOn: JSON.parse(row.depends_on),
      }
    );
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
