import dagre from '@dagrejs/dagre';
import { Box, Line, Placement } from './layoutLayers';

const MARK_HEIGHT = 16;
const MARK_CHARACTER_WIDTH = 6.5;

/** dagre's layout: compact, with few crossings, but seconds for thousands. */
export function layoutWithDagre(
  boxes: Box[],
  lines: (Line & { mark?: string })[],
): Placement {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({
    rankdir: 'LR',
    nodesep: 16,
    ranksep: 64,
    marginx: 16,
    marginy: 16,
  });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const { id, width, height } of boxes) {
    layout.setNode(id, { width, height });
  }
  for (const { from, to, mark } of lines) {
    layout.setEdge(
      from,
      to,
      mark
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
    node: id => layout.node(id),
    edge: (from, to) => layout.edge(from, to),
  };
}
