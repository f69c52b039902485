// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DependencyEdge } from './DependencyEdge.model';
import type { DependencyNode } from './DependencyNode.model';

/**
 * The dependency graph of services in one stage.
 *
 * @public
 */
export interface DependencyGraph {
  stage: string;
  nodes: Array<DependencyNode>;
  edges: Array<DependencyEdge>;
}
