import { makeStyles, Theme } from '@material-ui/core/styles';

export const useGraphStyles = makeStyles((theme: Theme) => ({
  root: { position: 'relative' },
  // What is panned and zoomed: the frame catches the gestures, the
  // viewport inside it carries the drawing and its transform.
  frame: {
    position: 'relative',
    overflow: 'hidden',
    cursor: 'grab',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  viewport: {
    position: 'absolute',
    top: 0,
    left: 0,
    transformOrigin: '0 0',
  },
  svg: { display: 'block', overflow: 'visible' },
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
  // A system drawn as one box: shaded, and outlined in red when an edge
  // inside it is violated, besides the count it shows.
  groupBox: {
    fill: theme.palette.action.hover,
    stroke: theme.palette.text.secondary,
    strokeWidth: 1.5,
  },
  clusterFrame: {
    fill: 'none',
    stroke: theme.palette.text.disabled,
    strokeDasharray: '4 3',
  },
  groupViolated: { stroke: theme.palette.error.main, strokeWidth: 2.5 },
  groupSummaryViolated: { fill: theme.palette.error.main, fontWeight: 700 },
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
