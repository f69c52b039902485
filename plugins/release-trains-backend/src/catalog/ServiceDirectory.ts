import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELEASE_TRAINS_PIPELINE_ANNOTATION,
  RELEASE_TRAINS_REQUIRES_ANNOTATION,
  RELEASE_TRAINS_TRAIN_ANNOTATION,
} from '@release-trains/plugin-release-trains-common';
import { PipelineConfig } from '../config/pipelines';
import {
  effectiveRequirements,
  ServiceRecord,
  ServiceStore,
} from '../ledger/ServiceStore';
import { parseRequirements } from './requirements';

/** A catalog entity that is on a pipeline. */
export type ReleaseService = {
  ref: string;
  pipeline: PipelineConfig;
  train?: string;
  owner?: string;
  /** `spec.system` as the catalog entity has it. */
  system?: string;
  /** Version ranges of other services, by entity ref. */
  requires: Record<string, string>;
};

/** The owner as a full entity ref: spec.owner may be short (`team-a`). */
function ownerRef(owner: string, entity: Entity): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/** The targets of an entity's relations of one type. */
function related(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef);
}

/** The ledger's record of an annotated catalog entity. */
export function toServiceRecord(entity: Entity): ServiceRecord | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const pipeline = annotations[RELEASE_TRAINS_PIPELINE_ANNOTATION];
  if (!pipeline) {
    return undefined;
  }
  const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
  return {
    ref: stringifyEntityRef(entity),
    pipeline,
    ...(annotations[RELEASE_TRAINS_TRAIN_ANNOTATION] && {
      train: annotations[RELEASE_TRAINS_TRAIN_ANNOTATION],
    }),
    ...(spec.owner && { owner: ownerRef(spec.owner, entity) }),
    ...(spec.system && { system: spec.system }),
    dependsOn: related(entity, RELATION_DEPENDS_ON),
    providesApis: related(entity, RELATION_PROVIDES_API),
    consumesApis: related(entity, RELATION_CONSUMES_API),
    requires: parseRequirements(
      annotations[RELEASE_TRAINS_REQUIRES_ANNOTATION],
    ),
  };
}

/**
 * Finds services and resolves their pipelines: from the services table,
 * kept in step with the catalog by the sync task, or — for a service
 * annotated since the last sync — from the catalog, with the caller's
 * credentials.
 */
export class ServiceDirectory {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      services: ServiceStore;
      pipelines: ReadonlyMap<string, PipelineConfig>;
    },
  ) {}

  /**
   * The service with its pipeline, or undefined when neither the ledger nor
   * the catalog knows it. An entity whose annotation is missing or names an
   * unknown pipeline is an input error.
   */
  async find(
    serviceRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService | undefined> {
    const record = await this.options.services.get(serviceRef);
    return record
      ? this.resolve(record)
      : this.findInCatalog(serviceRef, credentials);
  }

  /**
   * The services among `serviceRefs` that are on a pipeline: one query for
   * those the ledger knows. Entities off every pipeline are left out.
   */
  async findMany(
    serviceRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, ReleaseService>> {
    const known = await this.options.services.getMany(serviceRefs);
    const found = new Map<string, ReleaseService>();
    for (const ref of new Set(serviceRefs)) {
      const record = known.get(ref);
      try {
        const service = record
          ? this.resolve(record)
          : await this.findInCatalog(ref, credentials);
        if (service) found.set(ref, service);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }
    return found;
  }

  private async findInCatalog(
    serviceRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService | undefined> {
    const entity = await this.options.catalog.getEntityByRef(serviceRef, {
      credentials,
    });
    if (!entity) {
      return undefined;
    }
    const record = toServiceRecord(entity);
    if (!record) {
      throw new InputError(
        `service: ${serviceRef} has no ${RELEASE_TRAINS_PIPELINE_ANNOTATION} annotation`,
      );
    }
    // Not written to the services table: reads change nothing; the sync
    // task keeps the table in step with the catalog.
    return this.resolve(record);
  }

  private resolve(record: ServiceRecord): ReleaseService {
    const pipeline = this.options.pipelines.get(record.pipeline);
    if (!pipeline) {
      throw new InputError(
        `service: ${record.ref} names pipeline '${
          record.pipeline
        }', which is not configured (known: ${[
          ...this.options.pipelines.keys(),
        ].join(', ')})`,
      );
    }
    return {
      ref: record.ref,
      pipeline,
      ...(record.train && { train: record.train }),
      ...(record.owner && { owner: record.owner }),
      ...(record.system && { system: record.system }),
      requires: effectiveRequirements(record),
    };
  }
}
