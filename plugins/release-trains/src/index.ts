export { releaseTrainsPlugin as default } from './plugin';
