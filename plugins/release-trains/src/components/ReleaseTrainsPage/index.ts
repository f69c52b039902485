export { ReleaseTrainsPage } from './ReleaseTrainsPage';
