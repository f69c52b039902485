import { Entity } from '@backstage/catalog-model';

/**
 * Annotation naming the pipeline a service is deployed through.
 *
 * @public
 */
export const RELEASE_TRAINS_PIPELINE_ANNOTATION = 'release-trains/pipeline';

/**
 * Annotation naming the release train a service rides.
 *
 * @public
 */
export const RELEASE_TRAINS_TRAIN_ANNOTATION = 'release-trains/train';

/**
 * Annotation giving the versions a service requires of the services it
 * depends on, as a YAML mapping of entity ref (or component name) to semver
 * range, e.g. `payments: ">=1.7 <2"`.
 *
 * @public
 */
export const RELEASE_TRAINS_REQUIRES_ANNOTATION = 'release-trains/requires';

/**
 * Whether an entity is a service on a Release Trains pipeline.
 *
 * @public
 */
export function isReleaseTrainsAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[RELEASE_TRAINS_PIPELINE_ANNOTATION],
  );
}
