import {
  DependencyEdge,
  DependencyGraph,
  DependencyNode,
} from '@release-trains/plugin-release-trains-common';
import { Verdict } from './verdicts';

/**
 * Above this many services the organisation is drawn as its systems, each
 * one box until it is expanded: laying out and drawing thousands of boxes
 * would take seconds, and nobody reads them at once.
 */
export const GROUP_ABOVE = 300;

/** Services without a system are gathered under this name. */
export const NO_SYSTEM = 'No system';

export type VerdictCounts = Record<Verdict, number>;

/** A system drawn as one box: its services and the edges between them. */
export type ServiceGroup = {
  /** Its id on the canvas, apart from any entity reference. */
  id: string;
  system: string;
  services: DependencyNode[];
  /** The edges between its own services, by verdict. */
  inside: VerdictCounts;
};

/** The edges between two boxes of which at least one is a group. */
export type GroupLink = {
  from: string;
  to: string;
  edges: DependencyEdge[];
  counts: VerdictCounts;
  /** The verdict that matters most: a violation shows whatever else is there. */
  verdict: Verdict;
};

/** A dependency graph with some of its systems drawn as one box each. */
export type GroupedGraph = DependencyGraph & {
  groups?: ServiceGroup[];
  links?: GroupLink[];
};

/** Which verdict an aggregate shows, the first found. */
const PRECEDENCE: Verdict[] = ['violated', 'invalid', 'satisfied', 'unknown'];

export const noVerdicts = (): VerdictCounts => ({
  satisfied: 0,
  violated: 0,
  invalid: 0,
  unknown: 0,
});

export const worstVerdict = (counts: VerdictCounts): Verdict =>
  PRECEDENCE.find(verdict => counts[verdict] > 0) ?? 'unknown';

/** The system a service is grouped under. */
export const systemOf = (node: DependencyNode): string =>
  node.system ?? NO_SYSTEM;

export const groupId = (system: string) => `#system/${system}`;

/** Whether a graph is large enough to be drawn as systems. */
export const isLargeGraph = (graph: DependencyGraph) =>
  graph.nodes.length > GROUP_ABOVE;

/**
 * The graph with every system not in `expanded` drawn as one box; edges
 * into, out of or between such boxes are gathered into one link per pair,
 * and those inside one are counted on it, so that no violation is hidden.
 */
export function groupDependencyGraph(
  graph: DependencyGraph,
  expanded: ReadonlySet<string>,
): GroupedGraph {
  const groups = new Map<string, ServiceGroup>();
  const boxOf = new Map<string, string>();
  const nodes: DependencyNode[] = [];
  for (const node of graph.nodes) {
    const system = systemOf(node);
    if (expanded.has(system)) {
      nodes.push(node);
      boxOf.set(node.service, node.service);
      continue;
    }
    const id = groupId(system);
    let group = groups.get(id);
    if (!group) {
      group = { id, system, services: [], inside: noVerdicts() };
      groups.set(id, group);
    }
    group.services.push(node);
    boxOf.set(node.service, id);
  }

  const edges: DependencyEdge[] = [];
  const links = new Map<string, GroupLink>();
  for (const edge of graph.edges) {
    const from = boxOf.get(edge.from) ?? edge.from;
    const to = boxOf.get(edge.to) ?? edge.to;
    if (from === edge.from && to === edge.to) {
      edges.push(edge);
    } else if (from === to) {
      groups.get(from)!.inside[edge.verdict]++;
    } else {
      const key = `${from} ${to}`;
      let link = links.get(key);
      if (!link) {
        link = {
          from,
          to,
          edges: [],
          counts: noVerdicts(),
          verdict: 'unknown',
        };
        links.set(key, link);
      }
      link.edges.push(edge);
      link.counts[edge.verdict]++;
    }
  }
  for (const link of links.values()) link.verdict = worstVerdict(link.counts);

  return {
    stage: graph.stage,
    nodes,
    edges,
    groups: [...groups.values()],
    links: [...links.values()],
  };
}
