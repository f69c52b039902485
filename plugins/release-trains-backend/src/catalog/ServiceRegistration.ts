import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { RegisteredService } from '@release-trains/plugin-release-trains-common';
import { PipelineConfig } from '../config/pipelines';
import { TrainConfig } from '../config/trains';
import { ServiceStore } from '../ledger/ServiceStore';
import { LiveUpdates } from '../promotion/LiveUpdates';
import { ReleaseService, ServiceDirectory } from './ServiceDirectory';
import { toServiceRef } from './serviceRef';

/**
 * Puts a new service on its pipeline (and train) before the catalog has
 * processed its entity, as the golden path does. A service already on a
 * pipeline is never moved from here: the release-trains annotations of its
 * catalog entity decide, where the catalog's own rules and reviews apply.
 */
export class ServiceRegistration {
  constructor(
    private readonly options: {
      services: ServiceStore;
      directory: ServiceDirectory;
      auth: AuthService;
      pipelines: ReadonlyMap<string, PipelineConfig>;
      trains: ReadonlyMap<string, TrainConfig>;
      /** The portal's URL (app.baseUrl), for links to Release tabs. */
      appBaseUrl: string;
      live: LiveUpdates;
    },
  ) {}

  /**
   * Registers the service; `created: false` when it already was, on the
   * same pipeline and train (a retry). On another one: 409.
   */
  async register(
    request: {
      service: string;
      pipeline: string;
      train?: string;
    },
    /** Whether the asker may see the service; if not, a refusal says less. */
    mayRead: (ref: string) => Promise<boolean>,
  ): Promise<RegisteredService & { created: boolean }> {
    const { services, pipelines, trains } = this.options;
    const ref = toServiceRef(request.service);
    if (!pipelines.has(request.pipeline)) {
      throw new InputError(
        `pipeline: '${request.pipeline}' is not configured (known: ${[
          ...pipelines.keys(),
        ].join(', ')})`,
      );
    }
    const train = request.train ? trains.get(request.train) : undefined;
    if (request.train && !train) {
      throw new InputError(
        `train: '${request.train}' is not configured (known: ${
          [...trains.keys()].join(', ') || 'none'
        })`,
      );
    }
    if (train && train.pipeline !== request.pipeline) {
      throw new InputError(
        `train: '${train.name}' runs pipeline '${train.pipeline}', not '${request.pipeline}'`,
      );
    }
    const registered = this.registered(ref, request.pipeline, train?.name);
    const existing = await this.lookUp(ref);
    const readable = await mayRead(ref);
    if (existing.exists && !readable) {
      // Said alike for every entity the asker may not see, so that
      // registering tells nothing about what exists.
      throw new ConflictError(
        `${ref} is already registered; to move it, change the release-trains annotations of its catalog entity`,
      );
    }
    if (existing.service) {
      if (
        existing.service.pipeline.name === request.pipeline &&
        existing.service.train === train?.name
      ) {
        return { ...registered, created: false };
      }
      throw new ConflictError(
        `${ref} is already on pipeline '${existing.service.pipeline.name}'${
          existing.service.train ? ` (train '${existing.service.train}')` : ''
        }; to move it, change the release-trains annotations of its catalog entity`,
      );
    }
    // Known now; the next catalog sync brings owner, system and dependencies.
    await services.upsert({
      ref,
      pipeline: request.pipeline,
      ...(train && { train: train.name }),
      dependsOn: [],
      requires: {},
    });
    // An open schedule lists the services of the train.
    await this.options.live.servicesChanged([ref]);
    if (train) await this.options.live.trainsChanged();
    return { ...registered, created: true };
  }

  /**
   * The service, if the ledger or the catalog has it on a pipeline, and
   * whether the catalog (or the ledger) knows the entity at all.
   */
  private async lookUp(
    ref: string,
  ): Promise<{ service?: ReleaseService; exists: boolean }> {
    try {
      const service = await this.options.directory.find(
        ref,
        await this.options.auth.getOwnServiceCredentials(),
      );
      return { service, exists: service !== undefined };
    } catch (error) {
      // An entity without the annotation (or with an unknown pipeline) is
      // not on one yet, but it exists.
      if (error instanceof InputError) return { exists: true };
      throw error;
    }
  }

  private registered(
    ref: string,
    pipeline: string,
    train: string | undefined,
  ): RegisteredService {
    const { kind, namespace, name } = parseEntityRef(ref);
    return {
      service: ref,
      pipeline,
      ...(train && { train }),
      releaseTabUrl: `${
        this.options.appBaseUrl
      }/catalog/${namespace}/${kind.toLocaleLowerCase(
        'en-US',
      )}/${name}/release`,
    };
  }
}
