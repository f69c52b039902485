import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import { MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
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

const useStyles = makeStyles((theme: Theme) => ({
  root: { position: 'relative' },
  svg: {
    display: 'block',
    width: '100%',
    cursor: 'grab',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  node: {
    cursor: 'pointer',
    outline: 'none',
    '&:hover rect, &:focus rect': { strokeWidth: 2.5 },
  },
  nodeBox: {
    fill: theme.palette.background.paper,
    stroke: theme.palette.text.secondary,
  },
  subject: { stroke: theme.palette.primary.main, strokeWidth: 2.5 },
  nodeLabel: {
    fill: theme.palette.text.primary,
    fontSize: 13,
    fontFamily: theme.typography.fontFamily,
  },
  nodeVersion: {
    fill: theme.palette.text.secondary,
    fontSize: 11,
    fontFamily: theme.typography.fontFamily,
  },
  edge: { fill: 'none', strokeWidth: 1.5 },
  // No requirement: a thinner line, and no mark.
  unknownEdge: { strokeWidth: 1 },
  // The mark beside a line, legible over it: a halo of the background.
  edgeMark: {
    fill: theme.palette.text.primary,
    fontSize: 11,
    fontFamily: theme.typography.fontFamily,
    stroke: theme.palette.background.paper,
    strokeWidth: 4,
    paintOrder: 'stroke',
    pointerEvents: 'none',
  },
  highlighted: { strokeWidth: 4 },
  // A wide transparent twin of each line, so that it is easy to hover.
  edgeHitArea: {
    fill: 'none',
    stroke: 'transparent',
    strokeWidth: 12,
    cursor: 'help',
  },
  tooltip: {
    position: 'absolute',
    pointerEvents: 'none',
    maxWidth: 360,
    padding: theme.spacing(0.5, 1),
    background: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[2],
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
    color: theme.palette.text.primary,
  },
  legend: {
    display: 'flex',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
    color: theme.palette.text.secondary,
  },
  swatch: {
    display: 'inline-block',
    marginRight: theme.spacing(0.5),
    verticalAlign: 'middle',
  },
}));

let canvases = 0;

function isEdge(
  edge: PlacedEdge,
  wanted?: { from: string; to: string },
): boolean {
  return wanted?.from === edge.from && wanted?.to === edge.to;
}

function pathOf(points: { x: number; y: number }[]): string {
  return points
    .map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x},${point.y}`)
    .join(' ');
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
}) {
  const { layout, stage, subject, highlight, onSelectService } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const [markerPrefix] = useState(() => `release-trains-graph-${++canvases}`);
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const [hovered, setHovered] = useState<{
    edge: PlacedEdge;
    x: number;
    y: number;
  }>();
  const height = Math.min(Math.max(layout.height, MIN_HEIGHT), MAX_HEIGHT);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !viewportRef.current) return undefined;
    const viewport = select(viewportRef.current);
    const width = svg.clientWidth || layout.width;
    const behaviour = zoom<SVGSVGElement, unknown>()
      // Given, not read from the element: jsdom has no SVG lengths.
      .extent([
        [0, 0],
        [width, height],
      ])
      .scaleExtent([0.02, 4])
      .on('zoom', event => viewport.attr('transform', event.transform));
    const selection = select(svg);
    selection.call(behaviour);
    // Fit the whole graph in view, never enlarged.
    const scale = Math.min(1, width / layout.width, height / layout.height);
    selection.call(
      behaviour.transform,
      zoomIdentity
        .translate(
          (width - layout.width * scale) / 2,
          (height - layout.height * scale) / 2,
        )
        .scale(scale),
    );
    return () => {
      selection.on('.zoom', null);
    };
  }, [layout, height]);

  const isHighlighted = (edge: PlacedEdge) => isEdge(edge, highlight);
  // Highlighted edges last, so that they are drawn on top.
  const edges = useMemo(
    () =>
      [...layout.edges].sort(
        (a, b) => Number(isEdge(a, highlight)) - Number(isEdge(b, highlight)),
      ),
    [layout, highlight],
  );

  const hover = (edge: PlacedEdge) => (event: MouseEvent) => {
    const box = svgRef.current?.getBoundingClientRect();
    setHovered({
      edge,
      x: event.clientX - (box?.left ?? 0) + 12,
      y: event.clientY - (box?.top ?? 0) + 12,
    });
  };

  return (
    <div className={classes.root}>
      <svg
        ref={svgRef}
        className={classes.svg}
        height={height}
        // A figure, not an image: its services are links to focus.
        role="figure"
        aria-label={`Dependency graph in ${stage}: ${layout.nodes.length} services, ${layout.edges.length} dependencies`}
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
        <g ref={viewportRef}>
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
                {edge.mark && (
                  <text
                    className={classes.edgeMark}
                    x={edge.markAt.x}
                    y={edge.markAt.y}
                    textAnchor="middle"
                    dominantBaseline="central"
                    data-mark
                  >
                    {edge.mark}
                  </text>
                )}
              </g>
            );
          })}
          {layout.nodes.map(node => (
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
