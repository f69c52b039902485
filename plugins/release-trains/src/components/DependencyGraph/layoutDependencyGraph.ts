import { parseEntityRef } from '@backstage/catalog-model';
import { countMark, edgeMark, linkMark } from './verdicts';
import {
  DependencyEdge,
  DependencyNode,
} from '@release-trains/plugin-release-trains-common';
import {
  GroupedGraph,
  GroupLink,
  ServiceGroup,
  systemOf,
} from './groupDependencyGraph';
import { Cluster, layoutAny, layoutClusters } from './layoutClusters';

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

/** A system drawn as one box, with what it holds in words. */
export type PlacedGroup = ServiceGroup & {
  label: string;
  /** "10 services, ✗ 2 violated". */
  summary: string;
  x: number;
  y: number;
  width: number;
  height: number;
};

/** The edges between two boxes, at least one a group, as one line. */
export type PlacedLink = GroupLink & {
  points: { x: number; y: number }[];
  mark: string;
  markAt: { x: number; y: number };
};

export type GraphLayout = {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  groups: PlacedGroup[];
  links: PlacedLink[];
  /** The frames of expanded systems, around their services. */
  clusters: Cluster[];
  width: number;
  height: number;
};

const NODE_HEIGHT = 40;
const CHARACTER_WIDTH = 7.5;
const NODE_PADDING = 24;

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

/** What a group's box says under its name. */
function groupSummary(group: ServiceGroup): string {
  const count = group.services.length;
  return [
    `${count} ${count === 1 ? 'service' : 'services'}`,
    group.inside.violated > 0
      ? countMark('violated', group.inside.violated)
      : '',
    group.inside.invalid > 0 ? countMark('invalid', group.inside.invalid) : '',
  ]
    .filter(Boolean)
    .join(', ');
}

const boxWidth = (...lines: string[]) =>
  Math.max(...lines.map(line => line.length)) * CHARACTER_WIDTH + NODE_PADDING;

type Point = { x: number; y: number };
type PlacedLine = { points?: Point[]; x?: number; y?: number };

/** A line's points and where its mark goes. */
function lineOf(placed: PlacedLine) {
  const points = placed.points ?? [];
  return {
    points,
    markAt:
      placed.x !== undefined && placed.y !== undefined
        ? { x: placed.x, y: placed.y }
        : middleOf(points),
  };
}

/**
 * Where the boxes of the services (and of the systems drawn as one) and
 * the lines of their edges go, left to right.
 */
export function layoutDependencyGraph(graph: GroupedGraph): GraphLayout {
  const groups = graph.groups ?? [];
  const links = graph.links ?? [];
  const summaries = new Map(groups.map(g => [g.id, groupSummary(g)]));
  // In a graph drawn as systems, those expanded keep their services together.
  const grouped = graph.groups !== undefined;
  const boxes = [
    ...graph.nodes.map(node => ({
      id: node.service,
      cluster: grouped ? systemOf(node) : undefined,
      width: boxWidth(
        serviceLabel(node.service),
        `${node.runningVersion ?? ''}  `,
      ),
      height: NODE_HEIGHT,
    })),
    ...groups.map(group => ({
      id: group.id,
      width: boxWidth(serviceLabel(group.system), summaries.get(group.id)!),
      height: NODE_HEIGHT,
    })),
  ];
  const lines = [
    ...graph.edges.map(edge => ({ ...edge, mark: edgeMark(edge) })),
    ...links.map(link => ({ ...link, mark: linkMark(link.counts) })),
  ];
  const layout = grouped
    ? layoutClusters(boxes, lines)
    : { ...layoutAny(boxes, lines), clusters: [] };
  const box = (id: string) => {
    const { x, y, width, height } = layout.node(id);
    return { x, y, width, height };
  };
  return {
    width: layout.width,
    height: layout.height,
    clusters: layout.clusters,
    nodes: graph.nodes.map(node => ({
      ...node,
      label: serviceLabel(node.service),
      ...box(node.service),
    })),
    edges: graph.edges.map(edge => ({
      ...edge,
      ...lineOf(layout.edge(edge.from, edge.to)),
      mark: edgeMark(edge),
    })),
    groups: groups.map(group => ({
      ...group,
      label: serviceLabel(group.system),
      summary: summaries.get(group.id)!,
      ...box(group.id),
    })),
    links: links.map(link => ({
      ...link,
      ...lineOf(layout.edge(link.from, link.to)),
      mark: linkMark(link.counts),
    })),
  };
}
