/**
 * Release Trains for Backstage: where each change of a service sits in its
 * pipeline, and the buttons to move it.
 *
 * @packageDocumentation
 */

export { releaseTrainsPlugin, EntityReleaseTrainsContent } from './plugin';
export { releaseTrainsApiRef } from './api';
export { ReleaseTab } from './components/ReleaseTab';
export {
  isReleaseTrainsAvailable,
  RELEASE_TRAINS_PIPELINE_ANNOTATION,
  RELEASE_TRAINS_TRAIN_ANNOTATION,
} from '@internal/backstage-plugin-release-trains-common';
