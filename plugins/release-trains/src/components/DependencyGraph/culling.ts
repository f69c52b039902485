import { ZoomTransform, zoomIdentity } from 'd3-zoom';
import type { GraphLayout } from './layoutDependencyGraph';

/**
 * Culling for large graphs: only what lies in a window around the view is
 * in the page, so that first paint and panning cost what is seen. The
 * window is the view grown by half its size each way, so that panning
 * within it changes nothing and React renders again only when it leaves.
 */

export type Rect = { x0: number; y0: number; x1: number; y1: number };
type Point = { x: number; y: number };

/** How much of the view's size the window adds on each side. */
const MARGIN = 0.5;

/** Above this many boxes, what is off screen is left out of the page. */
export const CULL_ABOVE = 200;

/** The part of the graph in view, in the graph's units. */
export function viewOf(
  transform: { x: number; y: number; k: number },
  width: number,
  height: number,
): Rect {
  return {
    x0: -transform.x / transform.k,
    y0: -transform.y / transform.k,
    x1: (width - transform.x) / transform.k,
    y1: (height - transform.y) / transform.k,
  };
}

export function grown(view: Rect): Rect {
  const dx = (view.x1 - view.x0) * MARGIN;
  const dy = (view.y1 - view.y0) * MARGIN;
  return {
    x0: view.x0 - dx,
    y0: view.y0 - dy,
    x1: view.x1 + dx,
    y1: view.y1 + dy,
  };
}

export const contains = (outer: Rect, inner: Rect) =>
  inner.x0 >= outer.x0 &&
  inner.y0 >= outer.y0 &&
  inner.x1 <= outer.x1 &&
  inner.y1 <= outer.y1;

const overlaps = (a: Rect, b: Rect) =>
  a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;

export const boxIn = (
  window: Rect,
  box: { x: number; y: number; width: number; height: number },
) =>
  overlaps(window, {
    x0: box.x - box.width / 2,
    y0: box.y - box.height / 2,
    x1: box.x + box.width / 2,
    y1: box.y + box.height / 2,
  });

export const lineIn = (window: Rect, points: Point[]) =>
  overlaps(window, {
    x0: Math.min(...points.map(p => p.x)),
    y0: Math.min(...points.map(p => p.y)),
    x1: Math.max(...points.map(p => p.x)),
    y1: Math.max(...points.map(p => p.y)),
  });

/** What of the layout lies in `window` (nothing before it is known). */
export function cull(layout: GraphLayout, window?: Rect): GraphLayout {
  if (!window)
    return { ...layout, nodes: [], edges: [], groups: [], links: [] };
  return {
    ...layout,
    nodes: layout.nodes.filter(node => boxIn(window, node)),
    edges: layout.edges.filter(edge => lineIn(window, edge.points)),
    groups: layout.groups.filter(group => boxIn(window, group)),
    links: layout.links.filter(link => lineIn(window, link.points)),
    clusters: layout.clusters.filter(cluster => boxIn(window, cluster)),
  };
}

/** A large graph opens no smaller than this, so that its names read. */
const MIN_OPENING_SCALE = 0.5;

/**
 * Where the graph opens: all of it in view, never enlarged; a large one
 * no smaller than legible, from its top left, or centred on `focus`.
 */
export function openingTransform(
  layout: GraphLayout,
  width: number,
  height: number,
  focus?: { x: number; y: number },
): ZoomTransform {
  const fit = Math.min(1, width / layout.width, height / layout.height);
  const large = layout.nodes.length + layout.groups.length > CULL_ABOVE;
  const scale = large ? Math.max(fit, MIN_OPENING_SCALE) : fit;
  if (focus) {
    return zoomIdentity
      .translate(width / 2 - focus.x * scale, height / 2 - focus.y * scale)
      .scale(scale);
  }
  if (scale > fit) return zoomIdentity.scale(scale);
  return zoomIdentity
    .translate(
      (width - layout.width * scale) / 2,
      (height - layout.height * scale) / 2,
    )
    .scale(scale);
}
