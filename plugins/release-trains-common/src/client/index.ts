export { ReleaseTrainsClient } from './ReleaseTrainsClient';
export type {
  ReleaseTrainsApi,
  ReleaseTrainsRequestOptions,
} from './ReleaseTrainsClient';
