/*
 * The page the graph benchmark loads in Chromium: lays out and renders a
 * dependency graph with the plugin's own code, or, as the baseline, puts
 * the same SVG elements into the page without React.
 */
import { createTheme, ThemeProvider } from '@material-ui/core/styles';
import type { DependencyGraph } from '@release-trains/plugin-release-trains-common';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { GraphCanvas } from '../../../plugins/release-trains/src/components/DependencyGraph/GraphCanvas';
import { layoutDependencyGraph } from '../../../plugins/release-trains/src/components/DependencyGraph/layoutDependencyGraph';

/** Resolves once the browser has painted what is in the page now. */
const painted = () =>
  new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));

const root = () => document.getElementById('root')!;

async function renderWithPlugin(graph: DependencyGraph) {
  const started = performance.now();
  const layout = layoutDependencyGraph(graph);
  const laidOut = performance.now();
  const reactRoot = createRoot(root());
  flushSync(() =>
    reactRoot.render(
      <ThemeProvider theme={createTheme()}>
        <GraphCanvas layout={layout} stage={graph.stage} />
      </ThemeProvider>,
    ),
  );
  await painted();
  return {
    layoutMs: laidOut - started,
    renderMs: performance.now() - laidOut,
    services: root().querySelectorAll('[data-service]').length,
    edges: root().querySelectorAll('[data-edge]').length,
  };
}

/** The floor: the same boxes, labels and lines as one SVG string. */
async function renderBaseline(graph: DependencyGraph) {
  const layout = layoutDependencyGraph(graph);
  const started = performance.now();
  const edges = layout.edges
    .map(
      e =>
        `<path fill="none" stroke="#888" d="${e.points
          .map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`)
          .join(' ')}"/>`,
    )
    .join('');
  const nodes = layout.nodes
    .map(
      n =>
        `<g transform="translate(${n.x - n.width / 2},${
          n.y - n.height / 2
        })">` +
        `<rect width="${n.width}" height="${n.height}" fill="#fff" stroke="#666"/>` +
        `<text x="12" y="17">${n.label}</text><text x="12" y="32">${
          n.runningVersion ?? ''
        }</text></g>`,
    )
    .join('');
  root().innerHTML = `<svg width="100%" height="560"><g transform="scale(0.05)">${edges}${nodes}</g></svg>`;
  await painted();
  return { renderMs: performance.now() - started };
}

Object.assign(window, { renderWithPlugin, renderBaseline });
