/** The search parameters the dependency graph reads and keeps. */
export const GRAPH_PARAMS = {
  stage: 'graphStage',
  from: 'graphFrom',
  to: 'graphTo',
} as const;

/**
 * A link, on the current page, to the dependency graph in `stage` with the
 * edge `from` → `to` drawn out (e.g. the requirement blocking a promotion).
 */
export function dependencyGraphLink(edge: {
  stage: string;
  from: string;
  to: string;
}): string {
  const params = new URLSearchParams({
    [GRAPH_PARAMS.stage]: edge.stage,
    [GRAPH_PARAMS.from]: edge.from,
    [GRAPH_PARAMS.to]: edge.to,
  });
  return `?${params}#dependency-graph`;
}
