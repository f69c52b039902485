export { ReleaseTab } from './ReleaseTab';
