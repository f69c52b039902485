import { Theme, useTheme } from '@material-ui/core/styles';
import { select } from 'd3-selection';
import { zoom } from 'd3-zoom';
import { MouseEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  contains,
  cull,
  CULL_ABOVE,
  grown,
  openingTransform,
  Rect,
  viewOf,
} from './culling';
import { useGraphStyles } from './graphStyles';
import {
  ClusterFrame,
  EdgeMark,
  GroupBox,
  LinkLine,
  pathOf,
} from './GroupShapes';
import { useFocusOnSystem } from './useFocusOnSystem';
import { GraphLayout, PlacedEdge, serviceLabel } from './layoutDependencyGraph';
import {
  describeEdge,
  Verdict,
  verdictColour,
  verdictDashes,
  verdictLabels,
  verdictLines,
  verdictMarks,
} from './verdicts';

const MAX_HEIGHT = 560;
const MIN_HEIGHT = 160;
const VERDICTS: Verdict[] = ['satisfied', 'violated', 'invalid', 'unknown'];

let canvases = 0;

/** The figure's name: what it shows, in numbers. */
function figureLabel(layout: GraphLayout, stage: string): string {
  const services =
    layout.nodes.length +
    layout.groups.reduce((sum, group) => sum + group.services.length, 0);
  const dependencies =
    layout.edges.length +
    layout.links.reduce((sum, link) => sum + link.edges.length, 0) +
    layout.groups.reduce(
      (sum, group) =>
        sum + Object.values(group.inside).reduce((all, n) => all + n, 0),
      0,
    );
  const systems =
    layout.groups.length > 0
      ? `, ${layout.groups.length} systems drawn as one box each`
      : '';
  return `Dependency graph in ${stage}: ${services} services, ${dependencies} dependencies${systems}`;
}

function isEdge(
  edge: PlacedEdge,
  wanted?: { from: string; to: string },
): boolean {
  return wanted?.from === edge.from && wanted?.to === edge.to;
}

/** A system's frame when expanded, else its box. */
function systemBox(layout: GraphLayout, system?: string) {
  if (system === undefined) return undefined;
  return (
    layout.clusters.find(cluster => cluster.system === system) ??
    layout.groups.find(group => group.system === system)
  );
}

/** The legend: each verdict's line, mark and name. */
function Legend(props: { className: string; swatchClassName: string }) {
  const theme = useTheme<Theme>();
  return (
    <div className={props.className} aria-hidden data-testid="graph-legend">
      {VERDICTS.map(verdict => (
        <span key={verdict}>
          <svg className={props.swatchClassName} width={24} height={8}>
            <line
              x1={0}
              y1={4}
              x2={24}
              y2={4}
              stroke={verdictColour(theme, verdict)}
              strokeWidth={verdict === 'unknown' ? 1 : 2}
              strokeDasharray={verdictDashes[verdict]}
            />
          </svg>
          {verdictMarks[verdict] && `${verdictMarks[verdict]} `}
          {verdictLabels[verdict]} ({verdictLines[verdict]} line)
        </span>
      ))}
    </div>
  );
}

/**
 * A laid-out dependency graph as SVG, to pan and zoom: edges coloured by
 * verdict and, for those who do not see colours, dashed or dotted and
 * marked ("✗ needs >=2.0.0", "✓"); the range and the running version on
 * hover, a click on a service selects it.
 */
export function GraphCanvas(props: {
  layout: GraphLayout;
  stage: string;
  /** The service the graph is about, drawn out. */
  subject?: string;
  /** An edge to draw out, e.g. the one a promotion is blocked by. */
  highlight?: { from: string; to: string };
  onSelectService?: (service: string) => void;
  /** Expands a system drawn as one box into its services. */
  onExpandGroup?: (system: string) => void;
  onCollapseGroup?: (system: string) => void;
  /**
   * A system to centre the view on and to focus, e.g. once expanded (not
   * when opening); a new object each time it is asked for.
   */
  focus?: { system: string; centreOnly?: boolean };
}) {
  const { layout, stage, subject, highlight, onSelectService } = props;
  const classes = useGraphStyles();
  const theme = useTheme<Theme>();
  const [markerPrefix] = useState(() => `release-trains-graph-${++canvases}`);
  const frameRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<{
    edge: PlacedEdge;
    x: number;
    y: number;
  }>();
  const height = Math.min(Math.max(layout.height, MIN_HEIGHT), MAX_HEIGHT);
  const culling = layout.nodes.length + layout.groups.length > CULL_ABOVE;
  const [shown, setShown] = useState<Rect>();
  const focus = systemBox(layout, props.focus?.system);

  // Before the paint, so that a large graph's first frame holds what is
  // in view, culled.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    const viewport = viewportRef.current;
    if (!frame || !viewport) return undefined;
    const width = frame.clientWidth || layout.width;
    // The first frame holds only what is in view; its surroundings follow
    // once it is painted. After that, the window moves only when the view
    // leaves it, not at every step.
    let opening: true | undefined = true;
    let openingView: Rect | undefined;
    const windowFor = (view: Rect, drawn?: Rect) => {
      if (opening) {
        openingView = view;
        return view;
      }
      return drawn && contains(drawn, view) ? drawn : grown(view);
    };
    const behaviour = zoom<HTMLDivElement, unknown>()
      // Given, not read from the element: jsdom has no lengths.
      .extent([
        [0, 0],
        [width, height],
      ])
      .scaleExtent([0.02, 4])
      // Its own layer while it moves, so that a pan repaints nothing;
      // painted again at rest, so that a zoom ends sharp.
      .on('start', () => {
        viewport.style.willChange = 'transform';
      })
      .on('end', () => {
        viewport.style.willChange = '';
      })
      .on('zoom', event => {
        // A CSS transform of the drawing, not an SVG one: the browser
        // moves what it has painted instead of laying the SVG out again.
        const { x, y, k } = event.transform;
        viewport.style.transform = `translate(${x}px, ${y}px) scale(${k})`;
        if (!culling) return;
        const view = viewOf(event.transform, width, height);
        setShown(drawn => windowFor(view, drawn));
      });
    const selection = select(frame);
    selection.call(behaviour);
    selection.call(
      behaviour.transform,
      openingTransform(layout, width, height, focus),
    );
    opening = undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frameRequest = requestAnimationFrame(() => {
      timer = setTimeout(() =>
        setShown(drawn =>
          drawn && drawn === openingView ? grown(drawn) : drawn,
        ),
      );
    });
    return () => {
      cancelAnimationFrame(frameRequest);
      clearTimeout(timer);
      selection.on('.zoom', null);
    };
  }, [layout, height, culling, focus]);
  const drawn = useMemo(
    () => (culling ? cull(layout, shown) : layout),
    [layout, culling, shown],
  );

  useFocusOnSystem(frameRef, props.focus, drawn);

  const isHighlighted = (edge: PlacedEdge) => isEdge(edge, highlight);
  // Highlighted edges last, so that they are drawn on top.
  const edges = useMemo(
    () =>
      [...drawn.edges].sort(
        (a, b) => Number(isEdge(a, highlight)) - Number(isEdge(b, highlight)),
      ),
    [drawn, highlight],
  );

  const hover = (edge: PlacedEdge) => (event: MouseEvent) => {
    const box = frameRef.current?.getBoundingClientRect();
    setHovered({
      edge,
      x: event.clientX - (box?.left ?? 0) + 12,
      y: event.clientY - (box?.top ?? 0) + 12,
    });
  };

  return (
    <div className={classes.root}>
      <div ref={frameRef} className={classes.frame} style={{ height }}>
        <div ref={viewportRef} className={classes.viewport}>
          <svg
            className={classes.svg}
            width={layout.width}
            height={layout.height}
            // A figure, not an image: its services are links to focus.
            role="figure"
            aria-label={figureLabel(layout, stage)}
          >
            <defs>
              {VERDICTS.map(verdict => (
                <marker
                  key={verdict}
                  id={`${markerPrefix}-${verdict}`}
                  viewBox="0 0 10 10"
                  refX="10"
                  refY="5"
                  markerWidth="6"
                  markerHeight="6"
                  orient="auto-start-reverse"
                >
                  <path
                    d="M0,0 L10,5 L0,10 z"
                    fill={verdictColour(theme, verdict)}
                  />
                </marker>
              ))}
            </defs>
            <g>
              {drawn.clusters.map(cluster => (
                <ClusterFrame
                  key={cluster.system}
                  cluster={cluster}
                  onCollapse={props.onCollapseGroup}
                />
              ))}
              {drawn.links.map(link => (
                <LinkLine
                  key={`${link.from} ${link.to}`}
                  link={link}
                  markerPrefix={markerPrefix}
                />
              ))}
              {edges.map(edge => {
                const d = pathOf(edge.points);
                const title = `${serviceLabel(edge.from)} → ${serviceLabel(
                  edge.to,
                )}: ${describeEdge(edge, stage)}`;
                return (
                  <g
                    key={`${edge.from} ${edge.to}`}
                    data-edge={`${edge.from} → ${edge.to}`}
                    data-verdict={edge.verdict}
                    data-highlighted={isHighlighted(edge) || undefined}
                    onMouseMove={hover(edge)}
                    onMouseLeave={() => setHovered(undefined)}
                  >
                    <title>{title}</title>
                    <path
                      d={d}
                      className={[
                        classes.edge,
                        edge.verdict === 'unknown' ? classes.unknownEdge : '',
                        isHighlighted(edge) ? classes.highlighted : '',
                      ].join(' ')}
                      stroke={verdictColour(theme, edge.verdict)}
                      strokeDasharray={verdictDashes[edge.verdict]}
                      data-line={verdictLines[edge.verdict]}
                      markerEnd={`url(#${markerPrefix}-${edge.verdict})`}
                    />
                    <path d={d} className={classes.edgeHitArea} />
                    <EdgeMark mark={edge.mark} at={edge.markAt} />
                  </g>
                );
              })}
              {drawn.groups.map(group => (
                <GroupBox
                  key={group.id}
                  group={group}
                  onExpand={props.onExpandGroup}
                />
              ))}
              {drawn.nodes.map(node => (
                <g
                  key={node.service}
                  className={classes.node}
                  transform={`translate(${node.x - node.width / 2},${
                    node.y - node.height / 2
                  })`}
                  role="link"
                  tabIndex={0}
                  // Begins with what the box shows, as speech input expects.
                  aria-label={
                    node.runningVersion
                      ? `${node.label} ${node.runningVersion}, running in ${stage} (${node.service})`
                      : `${node.label}, nothing running in ${stage} (${node.service})`
                  }
                  data-service={node.service}
                  onClick={() => onSelectService?.(node.service)}
                  onKeyDown={event => {
                    if (event.key === 'Enter') onSelectService?.(node.service);
                  }}
                >
                  <rect
                    className={`${classes.nodeBox} ${
                      node.service === subject ? classes.subject : ''
                    }`}
                    width={node.width}
                    height={node.height}
                    rx={6}
                  />
                  {/* One text, words apart, so that it reads as the name begins. */}
                  <text>
                    <tspan className={classes.nodeLabel} x={12} y={17}>
                      {node.label}
                    </tspan>{' '}
                    <tspan className={classes.nodeVersion} x={12} y={32}>
                      {node.runningVersion ?? '—'}
                    </tspan>
                  </text>
                </g>
              ))}
            </g>
          </svg>
        </div>
      </div>
      {hovered && (
        <div
          className={classes.tooltip}
          style={{ left: hovered.x, top: hovered.y }}
          role="tooltip"
        >
          <strong>
            {serviceLabel(hovered.edge.from)} → {serviceLabel(hovered.edge.to)}
          </strong>
          <div>
            Required:{' '}
            {hovered.edge.range === undefined
              ? 'no version requirement'
              : hovered.edge.range}
            {hovered.edge.rangeSource === 'api' && ' (set through the API)'}
          </div>
          <div>
            Running in {stage}: {hovered.edge.runningVersion ?? 'nothing'}
          </div>
          {hovered.edge.apis && (
            <div>Through {hovered.edge.apis.join(', ')}</div>
          )}
          <div>{verdictLabels[hovered.edge.verdict]}</div>
        </div>
      )}
      <Legend className={classes.legend} swatchClassName={classes.swatch} />
    </div>
  );
}
