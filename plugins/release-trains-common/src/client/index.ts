export { ReleaseTrainsClient } from './ReleaseTrainsClient';
export type {
  ReleaseTrainsApi,
  ReleaseTrainsRequestOptions,
} from './ReleaseTrainsApi';
