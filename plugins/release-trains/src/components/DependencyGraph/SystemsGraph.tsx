import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { DependencyGraph } from '@release-trains/plugin-release-trains-common';
import { useCallback, useMemo, useState } from 'react';
import { GraphCanvas } from './GraphCanvas';
import {
  groupDependencyGraph,
  isLargeGraph,
  systemOf,
} from './groupDependencyGraph';
import { groupName } from './GroupShapes';
import { layoutDependencyGraph } from './layoutDependencyGraph';

type Expansion = {
  graph: DependencyGraph;
  systems: ReadonlySet<string>;
  focus?: { system: string; centreOnly?: boolean };
};

/** The systems open from the start: those of the subject and of a highlighted edge. */
function openingSystems(
  graph: DependencyGraph,
  wanted: (string | undefined)[],
): ReadonlySet<string> {
  return new Set(
    graph.nodes.filter(n => wanted.includes(n.service)).map(systemOf),
  );
}

/**
 * The dependency graph to pan and zoom; a large one drawn as its systems,
 * one box each (violations inside counted on it), which expand into their
 * services on demand and collapse again.
 */
export function SystemsGraph(props: {
  graph: DependencyGraph;
  subject?: string;
  highlight?: { from: string; to: string };
  onSelectService?: (service: string) => void;
}) {
  const { graph, subject, highlight } = props;
  const large = isLargeGraph(graph);
  // A new graph opens collapsed again, centred on what a link points to.
  const opening = useMemo((): Expansion => {
    const centre = graph.nodes.find(
      n => n.service === (highlight?.from ?? subject),
    );
    return {
      graph,
      systems: openingSystems(graph, [subject, highlight?.from, highlight?.to]),
      focus: centre && { system: systemOf(centre), centreOnly: true },
    };
  }, [graph, subject, highlight]);
  const [expansion, setExpansion] = useState<Expansion>();
  const currentOf = useCallback(
    (chosen?: Expansion) => (chosen?.graph === graph ? chosen : opening),
    [graph, opening],
  );
  const current = currentOf(expansion);

  const layout = useMemo(
    () =>
      layoutDependencyGraph(
        large ? groupDependencyGraph(graph, current.systems) : graph,
      ),
    [graph, large, current.systems],
  );

  // Stable, so that the memoised boxes need not render again.
  const expand = useCallback(
    (system: string) =>
      setExpansion(before => ({
        graph,
        systems: new Set([...currentOf(before).systems, system]),
        focus: { system },
      })),
    [graph, currentOf],
  );
  const collapse = useCallback(
    (system: string) =>
      setExpansion(before => ({
        graph,
        systems: new Set(
          [...currentOf(before).systems].filter(s => s !== system),
        ),
        focus: { system },
      })),
    [graph, currentOf],
  );

  return (
    <>
      {large && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={1}
          style={{ gap: 8 }}
        >
          <Typography variant="body2" color="textSecondary">
            {graph.nodes.length} services: each system is one box, with the
            violations inside it counted; choose one to see its services.
          </Typography>
          {[...current.systems].map(system => (
            <Chip
              key={system}
              size="small"
              label={groupName(system)}
              onDelete={() => collapse(system)}
              aria-label={`${groupName(
                system,
              )} expanded; press Delete to collapse it`}
            />
          ))}
        </Box>
      )}
      <GraphCanvas
        layout={layout}
        stage={graph.stage}
        subject={subject}
        highlight={highlight}
        onSelectService={props.onSelectService}
        onExpandGroup={expand}
        onCollapseGroup={collapse}
        focus={current.focus}
      />
    </>
  );
}
