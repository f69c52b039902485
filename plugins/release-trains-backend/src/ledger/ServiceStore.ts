import { Knex } from 'knex';
import { chunks } from './deploymentRows';

/** A service on a pipeline, as synced from the catalog. */
export type ServiceRecord = {
  ref: string;
  pipeline: string;
  train?: string;
  owner?: string;
  system?: string;
  dependsOn: string[];
  /** API entity refs the service provides (`providesApi`). */
  providesApis?: string[];
  /** API entity refs the service consumes (`consumesApi`). */
  consumesApis?: string[];
  /** Version ranges of other services, by entity ref (`release-trains/requires`). */
  requires: Record<string, string>;
  /** Version ranges set through the API; they win over the annotation's. */
  requiresSet?: Record<string, string>;
};

/** The ranges a service requires: the annotation's, overridden by the API's. */
export function effectiveRequirements(
  service: Pick<ServiceRecord, 'requires' | 'requiresSet'>,
): Record<string, string> {
  return { ...service.requires, ...service.requiresSet };
}

type ServiceRow = {
  service_ref: string;
  pipeline: string;
  train: string | null;
  owner: string | null;
  system: string | null;
  depends_on: string;
  provides_apis: string;
  consumes_apis: string;
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
    provides_apis: JSON.stringify(service.providesApis ?? []),
    consumes_apis: JSON.stringify(service.consumesApis ?? []),
    requires: JSON.stringify(service.requires),
    synced_at: syncedAt,
  };
}

type LinkRow = { service_ref: string; kind: string; target: string };

/** A service's links, one row each, for its neighbourhood in the graph. */
function toLinks(service: ServiceRecord): LinkRow[] {
  const of = (kind: string, targets: Iterable<string>) =>
    [...new Set(targets)].map(target => ({
      service_ref: service.ref,
      kind,
      target,
    }));
  return [
    ...of('depends-on', service.dependsOn),
    ...of('requires', Object.keys(service.requires)),
    ...of('consumes', service.consumesApis ?? []),
    ...of('provides', service.providesApis ?? []),
  ];
}

/** Writes services and their links, in the caller's transaction. */
async function writeServices(
  trx: Knex.Transaction,
  services: ServiceRecord[],
  syncedAt: Date,
) {
  for (let i = 0; i < services.length; i += 200) {
    const chunk = services.slice(i, i + 200);
    await trx<ServiceRow>('services')
      .insert(chunk.map(s => toRow(s, syncedAt)))
      .onConflict('service_ref')
      .merge();
    await trx<LinkRow>('service_links')
      .whereIn(
        'service_ref',
        chunk.map(s => s.ref),
      )
      .delete();
    const links = chunk.flatMap(toLinks);
    for (let j = 0; j < links.length; j += 500) {
      await trx<LinkRow>('service_links').insert(links.slice(j, j + 500));
    }
  }
}

type RequirementRow = {
  service_ref: string;
  dependency_ref: string;
  range: string;
  set_by: string;
  set_at: Date | string | number;
};

function toRecord(
  row: ServiceRow,
  requiresSet: Record<string, string>,
): ServiceRecord {
  const providesApis: string[] = JSON.parse(row.provides_apis);
  const consumesApis: string[] = JSON.parse(row.consumes_apis);
  return {
    ref: row.service_ref,
    pipeline: row.pipeline,
    ...(row.train && { train: row.train }),
    ...(row.owner && { owner: row.owner }),
    ...(row.system && { system: row.system }),
    dependsOn: JSON.parse(row.depends_on),
    ...(providesApis.length > 0 && { providesApis }),
    ...(consumesApis.length > 0 && { consumesApis }),
    requires: JSON.parse(row.requires),
    ...(Object.keys(requiresSet).length > 0 && { requiresSet }),
  };
}

function toRecords(
  rows: ServiceRow[],
  requirements: RequirementRow[],
): ServiceRecord[] {
  const setFor = new Map<string, Record<string, string>>();
  for (const requirement of requirements) {
    const ranges = setFor.get(requirement.service_ref) ?? {};
    ranges[requirement.dependency_ref] = requirement.range;
    setFor.set(requirement.service_ref, ranges);
  }
  return rows.map(row => toRecord(row, setFor.get(row.service_ref) ?? {}));
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
      const chunk = unique.slice(i, i + 500);
      const [rows, requirements] = await Promise.all([
        this.db<ServiceRow>('services').whereIn('service_ref', chunk),
        this.db<RequirementRow>('service_requirements').whereIn(
          'service_ref',
          chunk,
        ),
      ]);
      for (const record of toRecords(rows, requirements)) {
        found.set(record.ref, record);
      }
    }
    return found;
  }

  /** Every service the ledger knows, in two queries. */
  async listAll(): Promise<ServiceRecord[]> {
    const [rows, requirements] = await Promise.all([
      this.db<ServiceRow>('services').orderBy('service_ref'),
      this.db<RequirementRow>('service_requirements'),
    ]);
    return toRecords(rows, requirements);
  }

  /**
   * Sets the range `service` requires of `dependency`, over the
   * annotation's; false when it already was that range.
   */
  async setRequirement(requirement: {
    service: string;
    dependency: string;
    range: string;
    setBy: string;
  }): Promise<boolean> {
    const key = {
      service_ref: requirement.service,
      dependency_ref: requirement.dependency,
    };
    return this.db.transaction(async trx => {
      const existing = await trx<RequirementRow>('service_requirements')
        .where(key)
        .forUpdate()
        .first();
      if (existing?.range === requirement.range) {
        return false;
      }
      await trx<RequirementRow>('service_requirements')
        .insert({
          ...key,
          range: requirement.range,
          set_by: requirement.setBy,
          set_at: new Date(),
        })
        .onConflict(['service_ref', 'dependency_ref'])
        .merge();
      return true;
    });
  }

  /** Drops a range set through the API; false when there was none. */
  async removeRequirement(service: string, dependency: string) {
    const removed = await this.db<RequirementRow>('service_requirements')
      .where({ service_ref: service, dependency_ref: dependency })
      .delete();
    return removed > 0;
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
    await this.db.transaction(trx => writeServices(trx, [service], new Date()));
  }

  /**
   * The services and other entities linked to any of `refs`, either way:
   * what they depend on or require (by annotation or through the API), what
   * depends on or requires them, and the providers and consumers of the
   * APIs between them. One statement, by index.
   */
  async linkedTo(refs: string[]): Promise<Set<string>> {
    const linked = new Set<string>();
    for (const chunk of chunks(refs, 500)) {
      for (const ref of await this.linkedToFew(chunk)) linked.add(ref);
    }
    return linked;
  }

  private async linkedToFew(refs: string[]): Promise<string[]> {
    const direct = ['depends-on', 'requires'];
    const rows: { ref: string }[] = await this.db
      .select('target as ref')
      .from('service_links')
      .whereIn('service_ref', refs)
      .whereIn('kind', direct)
      .union([
        this.db
          .select('service_ref as ref')
          .from('service_links')
          .whereIn('target', refs)
          .whereIn('kind', direct),
        this.db
          .select('provider.service_ref as ref')
          .from('service_links as consumer')
          .join(
            'service_links as provider',
            'provider.target',
            'consumer.target',
          )
          .whereIn('consumer.service_ref', refs)
          .where({ 'consumer.kind': 'consumes', 'provider.kind': 'provides' }),
        this.db
          .select('consumer.service_ref as ref')
          .from('service_links as provider')
          .join(
            'service_links as consumer',
            'consumer.target',
            'provider.target',
          )
          .whereIn('provider.service_ref', refs)
          .where({ 'consumer.kind': 'consumes', 'provider.kind': 'provides' }),
        this.db
          .select('dependency_ref as ref')
          .from('service_requirements')
          .whereIn('service_ref', refs),
        this.db
          .select('service_ref as ref')
          .from('service_requirements')
          .whereIn('dependency_ref', refs),
      ]);
    return rows.map(row => row.ref);
  }

  /**
   * Makes the table hold exactly `services`: a full sync from the catalog.
   * History of removed services stays in the ledger.
   */
  async replaceAll(services: ServiceRecord[]): Promise<void> {
    const syncedAt = new Date();
    await this.db.transaction(async trx => {
      await writeServices(trx, services, syncedAt);
      const kept = services.map(s => s.ref);
      await trx<LinkRow>('service_links')
        .whereNotIn('service_ref', kept)
        .delete();
      await trx<ServiceRow>('services')
        .whereNotIn('service_ref', kept)
        .delete();
    });
  }
}
