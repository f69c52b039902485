export { DependencyGraphView } from './DependencyGraphView';
export { dependencyGraphLink } from './graphLink';
