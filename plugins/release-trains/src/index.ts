/**
 * Release Trains for Backstage: where each change of a service sits in its
 * pipeline, and the buttons to move it.
 *
 * @packageDocumentation
 */

export {
  releaseTrainsPlugin,
  EntityReleaseTrainsContent,
  ReleaseTrainsPage,
  InsightsPage,
} from './plugin';
export { releaseTrainsApiRef } from './api';
export { ReleaseTab } from './components/ReleaseTab';
export { WhereIsMyChange } from './components/WhereIsMyChange';
export { DeploymentHistory } from './components/DeploymentHistory';
export {
  isReleaseTrainsAvailable,
  RELEASE_TRAINS_PIPELINE_ANNOTATION,
  RELEASE_TRAINS_TRAIN_ANNOTATION,
} from '@release-trains/plugin-release-trains-common';
