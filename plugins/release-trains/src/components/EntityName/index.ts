export { catalogRef, EntityName, EntityNames } from './EntityName';
