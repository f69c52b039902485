/**
 * A fast layered layout for large graphs, where dagre takes seconds: boxes
 * in columns by the longest path of dependents before them, ordered by
 * where their neighbours sit, long columns wrapped; lines are straight.
 * Linear in boxes and lines, so a few milliseconds for a thousand.
 */

export type Box = { id: string; width: number; height: number };
export type Line = { from: string; to: string };
type Point = { x: number; y: number };
/** A box placed: its centre and size. */
export type PlacedBox = Point & { width: number; height: number };
export type Placement = {
  width: number;
  height: number;
  node(id: string): PlacedBox;
  edge(from: string, to: string): { points?: Point[]; x?: number; y?: number };
};

const MARGIN = 16;
const ROW_GAP = 16;
const COLUMN_GAP = 32;
const RANK_GAP = 120;
/** At most this many boxes in one column; a longer rank wraps. */
const COLUMN_LENGTH = 40;

/** Each box's rank: 0 for those nothing depends on, else one past its dependents'. */
function ranksOf(boxes: Box[], lines: Line[]): Map<string, number> {
  const incoming = new Map<string, string[]>(boxes.map(b => [b.id, []]));
  const outgoing = new Map<string, string[]>(boxes.map(b => [b.id, []]));
  for (const { from, to } of lines) {
    outgoing.get(from)?.push(to);
    incoming.get(to)?.push(from);
  }
  // Kahn's order; boxes left in cycles are taken as they come.
  const waiting = new Map(boxes.map(b => [b.id, incoming.get(b.id)!.length]));
  const rank = new Map<string, number>();
  const ready = boxes.filter(b => waiting.get(b.id) === 0).map(b => b.id);
  const visit = (id: string) => {
    for (const next of outgoing.get(id)!) {
      if (rank.has(next)) continue;
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  };
  let remaining = boxes.length;
  let cursor = 0;
  while (remaining > 0) {
    const id =
      cursor < ready.length
        ? ready[cursor++]
        : boxes.find(b => !rank.has(b.id))!.id;
    if (rank.has(id)) continue;
    const before = incoming.get(id)!.filter(p => rank.has(p));
    rank.set(id, Math.max(-1, ...before.map(p => rank.get(p)!)) + 1);
    remaining--;
    visit(id);
  }
  return rank;
}

/** Orders each rank by the mean position of its boxes' dependents. */
function orderRanks(
  boxes: Box[],
  lines: Line[],
  rank: Map<string, number>,
): string[][] {
  const layers: string[][] = [];
  for (const box of boxes) (layers[rank.get(box.id)!] ??= []).push(box.id);
  const dependents = new Map<string, string[]>();
  for (const { from, to } of lines) {
    if (rank.get(from)! < rank.get(to)!) {
      if (!dependents.has(to)) dependents.set(to, []);
      dependents.get(to)!.push(from);
    }
  }
  const position = new Map<string, number>();
  for (const layer of layers.filter(Boolean)) {
    const mean = (id: string) => {
      const known = (dependents.get(id) ?? []).map(d => position.get(d) ?? 0);
      return known.length
        ? known.reduce((sum, p) => sum + p, 0) / known.length
        : Infinity;
    };
    const keys = new Map(layer.map(id => [id, mean(id)]));
    layer.sort((a, b) => keys.get(a)! - keys.get(b)!);
    layer.forEach((id, i) => position.set(id, i / Math.max(1, layer.length)));
  }
  return layers.filter(Boolean);
}

/** A straight line from one box's side to the facing side of another. */
export function straightLine(from: PlacedBox, to: PlacedBox): Point[] {
  const side = (box: PlacedBox, towards: number): Point => {
    const right = towards >= box.x;
    return { x: box.x + ((right ? 1 : -1) * box.width) / 2, y: box.y };
  };
  return [side(from, to.x), side(to, from.x)];
}

/** Places the boxes rank by rank, left to right, and the lines between them. */
export function layoutLayers(boxes: Box[], lines: Line[]): Placement {
  const size = new Map(boxes.map(b => [b.id, b]));
  const layers = orderRanks(boxes, lines, ranksOf(boxes, lines));
  const placed = new Map<string, PlacedBox>();
  let x = MARGIN;
  let height = 0;
  for (const layer of layers) {
    for (let start = 0; start < layer.length; start += COLUMN_LENGTH) {
      const column = layer.slice(start, start + COLUMN_LENGTH);
      const width = Math.max(...column.map(id => size.get(id)!.width));
      let y = MARGIN;
      for (const id of column) {
        const box = size.get(id)!;
        placed.set(id, { x: x + width / 2, y: y + box.height / 2, ...box });
        y += box.height + ROW_GAP;
      }
      height = Math.max(height, y - ROW_GAP + MARGIN);
      x += width + COLUMN_GAP;
    }
    x += RANK_GAP - COLUMN_GAP;
  }
  return {
    width: x - RANK_GAP + MARGIN,
    height,
    node: id => placed.get(id)!,
    edge: (from, to) => ({
      points: straightLine(placed.get(from)!, placed.get(to)!),
    }),
  };
}
