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
 * Whether an entity is a service on a Release Trains pipeline.
 *
 * @public
 */
export function isReleaseTrainsAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[RELEASE_TRAINS_PIPELINE_ANNOTATION],
  );
}
