import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RELEASE_TRAINS_PIPELINE_ANNOTATION } from '@internal/backstage-plugin-release-trains-common';
import { PipelineConfig } from '../config/pipelines';

/** A catalog entity that is on a pipeline. */
export type ReleaseService = {
  ref: string;
  pipeline: PipelineConfig;
};

/**
 * Canonical entity ref of a service; a bare name means a Component in the
 * default namespace.
 */
export function toServiceRef(input: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(input, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(`service: '${input}' is not a valid entity ref`);
  }
}

/**
 * Finds services in the catalog, with the caller's credentials so that only
 * entities the caller may see are found, and resolves their pipelines.
 */
export class ServiceDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly pipelines: ReadonlyMap<string, PipelineConfig>,
  ) {}

  /**
   * The service with its pipeline, or undefined when the catalog has no such
   * entity. A service whose annotation is missing or names an unknown
   * pipeline is an input error.
   */
  async find(
    serviceRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseService | undefined> {
    const entity = await this.catalog.getEntityByRef(serviceRef, {
      credentials,
    });
    if (!entity) {
      return undefined;
    }
    const pipelineName =
      entity.metadata.annotations?.[RELEASE_TRAINS_PIPELINE_ANNOTATION];
    if (!pipelineName) {
      throw new InputError(
        `service: ${serviceRef} has no ${RELEASE_TRAINS_PIPELINE_ANNOTATION} annotation`,
      );
    }
    const pipeline = this.pipelines.get(pipelineName);
    if (!pipeline) {
      throw new InputError(
        `service: ${serviceRef} names pipeline '${pipelineName}', which is not configured (known: ${[
          ...this.pipelines.keys(),
        ].join(', ')})`,
      );
    }
    return { ref: serviceRef, pipeline };
  }
}
