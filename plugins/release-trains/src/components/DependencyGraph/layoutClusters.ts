import {
  Box,
  layoutLayers,
  Line,
  PlacedBox,
  Placement,
  straightLine,
} from './layoutLayers';
import { layoutWithDagre } from './layoutWithDagre';

/**
 * Above this many boxes the layered layout replaces dagre, which takes
 * seconds on a thousand (over half a second even with its tight-tree
 * ranker and no room for marks).
 */
export const LARGE_GRAPH = 200;

const PADDING = 12;
const HEADER = 24;

/** An expanded system's frame around its services: its centre and size. */
export type Cluster = PlacedBox & { system: string };

type MarkedLine = Line & { mark?: string };

/** dagre for what it lays out in good time, the layered layout beyond. */
export const layoutAny = (boxes: Box[], lines: MarkedLine[]): Placement =>
  boxes.length > LARGE_GRAPH
    ? layoutLayers(boxes, lines)
    : layoutWithDagre(boxes, lines);

const frameId = (system: string) => `#frame/${system}`;

const offset = (
  point: { x: number; y: number },
  by: { x: number; y: number },
) => ({
  x: point.x + by.x,
  y: point.y + by.y,
});

/**
 * Lays each cluster's boxes out on their own, then the clusters as one
 * box each among the others, so that an expanded system's services stay
 * together where the system was; lines between clusters are straight.
 */
export function layoutClusters(
  boxes: (Box & { cluster?: string })[],
  lines: MarkedLine[],
): Placement & { clusters: Cluster[] } {
  const members = new Map<string, Box[]>();
  const frameOf = new Map<string, string>();
  for (const box of boxes) {
    if (box.cluster === undefined) continue;
    if (!members.has(box.cluster)) members.set(box.cluster, []);
    members.get(box.cluster)!.push(box);
    frameOf.set(box.id, frameId(box.cluster));
  }
  const innerLines = new Map<string, MarkedLine[]>();
  const outerLines = new Map<string, Line>();
  for (const line of lines) {
    const from = frameOf.get(line.from) ?? line.from;
    const to = frameOf.get(line.to) ?? line.to;
    if (from !== to) {
      outerLines.set(`${from} ${to}`, { from, to });
    } else if (frameOf.has(line.from)) {
      if (!innerLines.has(from)) innerLines.set(from, []);
      innerLines.get(from)!.push(line);
    }
  }

  const inner = new Map<string, Placement>();
  const outerBoxes = boxes.filter(box => box.cluster === undefined);
  for (const [system, inside] of members) {
    const id = frameId(system);
    const placement = layoutAny(inside, innerLines.get(id) ?? []);
    inner.set(id, placement);
    outerBoxes.push({
      id,
      width: placement.width + 2 * PADDING,
      height: placement.height + HEADER + PADDING,
    });
  }
  const outer = layoutAny(outerBoxes, [...outerLines.values()]);

  const originOf = (frame: string) => {
    const box = outer.node(frame);
    return {
      x: box.x - box.width / 2 + PADDING,
      y: box.y - box.height / 2 + HEADER,
    };
  };
  const node = (id: string): PlacedBox => {
    const frame = frameOf.get(id);
    if (!frame) return outer.node(id);
    const box = inner.get(frame)!.node(id);
    return { ...box, ...offset(box, originOf(frame)) };
  };
  return {
    width: outer.width,
    height: outer.height,
    node,
    edge: (from, to) => {
      const frame = frameOf.get(from);
      if (frame && frame === frameOf.get(to)) {
        const origin = originOf(frame);
        const line = inner.get(frame)!.edge(from, to);
        return {
          points: (line.points ?? []).map(point => offset(point, origin)),
          ...(line.x !== undefined &&
            line.y !== undefined &&
            offset({ x: line.x, y: line.y }, origin)),
        };
      }
      return { points: straightLine(node(from), node(to)) };
    },
    clusters: [...members.keys()].map(system => ({
      system,
      ...outer.node(frameId(system)),
    })),
  };
}
