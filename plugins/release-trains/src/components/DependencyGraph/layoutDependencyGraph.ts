import dagre from '@dagrejs/dagre';
import { parseEntityRef } from '@backstage/catalog-model';
import { edgeMark } from './verdicts';
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

/** An edge with the points its line runs through and where its mark goes. */
export type PlacedEdge = DependencyEdge & {
  points: { x: number; y: number }[];
  /** The mark beside the line ("✗ needs >=2.0.0"), empty for none. */
  mark: string;
  /** The centre of the mark. */
  markAt: { x: number; y: number };
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
const MARK_HEIGHT = 16;
const MARK_CHARACTER_WIDTH = 6.5;

/** The middle of a line, by length. */
function middleOf(points: { x: number; y: number }[]): {
  x: number;
  y: number;
} {
  const lengths = points
    .slice(1)
    .map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let rest = lengths.reduce((sum, length) => sum + length, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (rest <= lengths[i] && lengths[i] > 0) {
      const t = rest / lengths[i];
      return {
        x: points[i].x + (points[i + 1].x - points[i].x) * t,
        y: points[i].y + (points[i + 1].y - points[i].y) * t,
      };
    }
    rest -= lengths[i];
  }
  return points[0] ?? { x: 0, y: 0 };
}

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
  // Room for each edge's mark, except in large graphs, where it would
  // cost layout time and the marks sit on the middle of the lines.
  const roomForMarks = graph.nodes.length <= LARGE_GRAPH;
  for (const edge of graph.edges) {
    const mark = edgeMark(edge);
    layout.setEdge(
      edge.from,
      edge.to,
      roomForMarks && mark
        ? {
            width: mark.length * MARK_CHARACTER_WIDTH + 8,
            height: MARK_HEIGHT,
            labelpos: 'c',
          }
        : {},
    );
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
    edges: graph.edges.map(edge => {
      const placed = layout.edge(edge.from, edge.to);
      const points = placed.points ?? [];
      return {
        ...edge,
        points,
        mark: edgeMark(edge),
        markAt:
          placed.x !== undefined && placed.y !== undefined
            ? { x: placed.x, y: placed.y }
            : middleOf(points),
      };
    }),
  };
}
