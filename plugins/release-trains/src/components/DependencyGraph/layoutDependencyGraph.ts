import dagre from '@dagrejs/dagre';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DependencyEdge,
  DependencyGraph,
  DependencyNode,
} from '@release-trains/plugin-release-trains-common';

/** A service placed on the canvas: its box's centre and size. */
export type PlacedNode = DependencyNode & {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
};

/** An edge with the points its line runs through. */
export type PlacedEdge = DependencyEdge & {
  points: { x: number; y: number }[];
};

export type GraphLayout = {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
};

const NODE_HEIGHT = 40;
const CHARACTER_WIDTH = 7.5;
const NODE_PADDING = 24;
/**
 * Above this many services the ranks are found by tight-tree, which on a
 * thousand services takes a fraction of network-simplex's time for a layout
 * that is a little less compact.
 */
const LARGE_GRAPH = 200;

/** The name to show for a service: its entity name. */
export function serviceLabel(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** Where the boxes of the services and the lines of their edges go, left to right. */
export function layoutDependencyGraph(graph: DependencyGraph): GraphLayout {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({
    rankdir: 'LR',
    nodesep: 16,
    ranksep: 64,
    marginx: 16,
    marginy: 16,
    ranker: graph.nodes.length > LARGE_GRAPH ? 'tight-tree' : 'network-simplex',
  });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const label = serviceLabel(node.service);
    const versionWidth = (node.runningVersion?.length ?? 0) + 2;
    layout.setNode(node.service, {
      width:
        Math.max(label.length, versionWidth) * CHARACTER_WIDTH + NODE_PADDING,
      height: NODE_HEIGHT,
    });
  }
  for (const edge of graph.edges) {
    layout.setEdge(edge.from, edge.to);
  }
  dagre.layout(layout);

  const { width = 0, height = 0 } = layout.graph();
  return {
    width,
    height,
    nodes: graph.nodes.map(node => {
      const placed = layout.node(node.service);
      return {
        ...node,
        label: serviceLabel(node.service),
        x: placed.x,
        y: placed.y,
        width: placed.width,
        height: placed.height,
      };
    }),
    edges: graph.edges.map(edge => ({
      ...edge,
      points: layout.edge(edge.from, edge.to).points ?? [],
    })),
  };
}
