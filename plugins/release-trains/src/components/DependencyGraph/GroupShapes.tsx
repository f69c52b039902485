import { Theme, useTheme } from '@material-ui/core/styles';
import { KeyboardEvent, memo } from 'react';
import { useGraphStyles } from './graphStyles';
import { PlacedGroup, PlacedLink, serviceLabel } from './layoutDependencyGraph';
import { groupId, NO_SYSTEM } from './groupDependencyGraph';
import { Cluster } from './layoutClusters';
import { verdictColour, verdictDashes, verdictLines } from './verdicts';

/** The path through a line's points. */
export function pathOf(points: { x: number; y: number }[]): string {
  return points
    .map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x},${point.y}`)
    .join(' ');
}

/** A button's keys: Enter and Space. */
const onKeys = (action: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
};

/** How a group is named: "checkout system", or the services without one. */
export function groupName(system: string): string {
  return system === NO_SYSTEM
    ? 'Services without a system'
    : `${serviceLabel(system)} system`;
}

/** The name of a box on the canvas, a group's or a service's. */
export function boxName(id: string): string {
  const prefix = groupId('');
  return id.startsWith(prefix)
    ? groupName(id.slice(prefix.length))
    : serviceLabel(id);
}

/** What a line standing for several edges says, in one sentence. */
export function describeLink(link: PlacedLink): string {
  const count = link.edges.length;
  const problems = [
    link.counts.violated > 0 ? `${link.counts.violated} violated` : '',
    link.counts.invalid > 0 ? `${link.counts.invalid} invalid` : '',
  ].filter(Boolean);
  return `${boxName(link.from)} → ${boxName(link.to)}: ${count} ${
    count === 1 ? 'dependency' : 'dependencies'
  }${problems.length ? `, ${problems.join(', ')}` : ''}`;
}

/**
 * A system drawn as one box: its name and how many services it holds, and
 * the violations inside it, so that collapsing hides none. A button that
 * expands it, by click or keyboard. Memoised, as are lines, so that when
 * panning brings more into the page only what is new is rendered.
 */
/** The words beside a line ("✗ needs >=2.0.0"), if it has any. */
export function EdgeMark(props: {
  mark: string;
  at: { x: number; y: number };
}) {
  const classes = useGraphStyles();
  if (!props.mark) return null;
  return (
    <text
      className={classes.edgeMark}
      x={props.at.x}
      y={props.at.y}
      textAnchor="middle"
      dominantBaseline="central"
      data-mark
    >
      {props.mark}
    </text>
  );
}

export const GroupBox = memo(function DrawnGroup(props: {
  group: PlacedGroup;
  onExpand?: (system: string) => void;
}) {
  const { group, onExpand } = props;
  const classes = useGraphStyles();
  const violated = group.inside.violated > 0;
  const expand = () => onExpand?.(group.system);
  return (
    <g
      className={classes.node}
      transform={`translate(${group.x - group.width / 2},${
        group.y - group.height / 2
      })`}
      role="button"
      tabIndex={0}
      aria-expanded={false}
      aria-label={`${groupName(group.system)}: ${
        group.summary
      }. Expand to show its services`}
      data-group={group.system}
      data-violations={group.inside.violated || undefined}
      onClick={expand}
      onKeyDown={onKeys(expand)}
    >
      <rect
        className={`${classes.groupBox} ${
          violated ? classes.groupViolated : ''
        }`}
        width={group.width}
        height={group.height}
        rx={6}
      />
      <text>
        <tspan className={classes.nodeLabel} x={12} y={17}>
          {group.label}
        </tspan>{' '}
        <tspan
          className={`${classes.nodeVersion} ${
            violated ? classes.groupSummaryViolated : ''
          }`}
          x={12}
          y={32}
        >
          {group.summary}
        </tspan>
      </text>
    </g>
  );
});

/** A line standing for the edges between two boxes, coloured by the worst. */
export const LinkLine = memo(function DrawnLink(props: {
  link: PlacedLink;
  markerPrefix: string;
}) {
  const { link, markerPrefix } = props;
  const classes = useGraphStyles();
  const theme = useTheme<Theme>();
  return (
    <g
      data-link={`${link.from} → ${link.to}`}
      data-verdict={link.verdict}
      data-edges={link.edges.length}
    >
      <title>{describeLink(link)}</title>
      <path
        d={pathOf(link.points)}
        className={`${classes.edge} ${
          link.verdict === 'unknown' ? classes.unknownEdge : ''
        }`}
        stroke={verdictColour(theme, link.verdict)}
        strokeDasharray={verdictDashes[link.verdict]}
        data-line={verdictLines[link.verdict]}
        markerEnd={`url(#${markerPrefix}-${link.verdict})`}
      />
      <EdgeMark mark={link.mark} at={link.markAt} />
    </g>
  );
});

/**
 * The frame around an expanded system's services, named at its top; the
 * name is a button that collapses the system again.
 */
export function ClusterFrame(props: {
  cluster: Cluster;
  onCollapse?: (system: string) => void;
}) {
  const { cluster, onCollapse } = props;
  const classes = useGraphStyles();
  const collapse = () => onCollapse?.(cluster.system);
  return (
    <g
      transform={`translate(${cluster.x - cluster.width / 2},${
        cluster.y - cluster.height / 2
      })`}
      data-cluster={cluster.system}
    >
      <rect
        className={classes.clusterFrame}
        width={cluster.width}
        height={cluster.height}
        rx={8}
      />
      <g
        className={classes.node}
        role="button"
        tabIndex={0}
        aria-expanded
        data-cluster-toggle={cluster.system}
        aria-label={`${groupName(cluster.system)}, expanded. Collapse it`}
        onClick={collapse}
        onKeyDown={onKeys(collapse)}
      >
        <text className={classes.nodeLabel} x={12} y={17}>
          {`▾ ${groupName(cluster.system)}`}
        </text>
      </g>
    </g>
  );
}
