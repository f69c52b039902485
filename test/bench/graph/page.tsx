/*
 * The page the graph benchmark loads in Chromium: draws a dependency graph
 * with the plugin's own component (systems as boxes, culled to the view),
 * expands a system, watches the main thread while the benchmark pans, or,
 * as the baseline, puts the same boxes and lines into the page as one SVG
 * string, without React.
 */
import { createTheme, ThemeProvider } from '@material-ui/core/styles';
import type { DependencyGraph } from '@release-trains/plugin-release-trains-common';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { SystemsGraph } from '../../../plugins/release-trains/src/components/DependencyGraph/SystemsGraph';
import { groupDependencyGraph } from '../../../plugins/release-trains/src/components/DependencyGraph/groupDependencyGraph';
import { layoutDependencyGraph } from '../../../plugins/release-trains/src/components/DependencyGraph/layoutDependencyGraph';

/** Resolves once the browser has painted what is in the page now. */
const painted = () =>
  new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));

const root = () => document.getElementById('root')!;
const count = (selector: string) => root().querySelectorAll(selector).length;

/** From the data in hand to the first painted frame of the collapsed graph. */
async function firstPaint(graph: DependencyGraph) {
  const started = performance.now();
  const reactRoot = createRoot(root());
  flushSync(() =>
    reactRoot.render(
      <ThemeProvider theme={createTheme()}>
        <SystemsGraph graph={graph} />
      </ThemeProvider>,
    ),
  );
  await painted();
  return {
    firstPaintMs: performance.now() - started,
    groupsDrawn: count('[data-group]'),
    transform: viewport()?.style.transform,
    linksDrawn: count('[data-link]'),
    figure: root().querySelector('[role="figure"]')?.getAttribute('aria-label'),
  };
}

/**
 * A click on the first system's box in view, to the painted frame that
 * shows its services.
 */
async function expand() {
  const box = root().querySelector('[data-group^="system-"]');
  if (!box) throw new Error('No system is drawn');
  const system = box.getAttribute('data-group')!;
  const services = `[data-service^="component:default/${system}-service-"]`;
  const started = performance.now();
  box.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  await painted();
  while (!root().querySelector(services)) {
    await painted();
  }
  return {
    expandMs: performance.now() - started,
    servicesDrawn: count(services),
  };
}

const viewport = () =>
  root().querySelector<HTMLElement>('[role="figure"]')?.parentElement;

let watching: { longest: number; maxGap: number; stop: () => void };

/** Starts recording long tasks and the gaps between frames. */
function watchMainThread() {
  const state = { longest: 0, maxGap: 0, stop: () => {} };
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      state.longest = Math.max(state.longest, entry.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  let last = performance.now();
  let frame = requestAnimationFrame(function tick(now) {
    state.maxGap = Math.max(state.maxGap, now - last);
    last = now;
    frame = requestAnimationFrame(tick);
  });
  state.stop = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  };
  watching = state;
}

/** What was recorded since `watchMainThread`, after the last frame. */
async function mainThreadWatched() {
  await painted();
  watching.stop();
  return {
    longestTaskMs: watching.longest,
    maxFrameGapMs: watching.maxGap,
    // Where the drawing is now, and what of it is in the page: to check
    // that the pan moved it and that culling followed.
    transform: viewport()?.style.transform,
    groupsDrawn: count('[data-group]'),
  };
}

/** The floor: the collapsed graph's boxes, labels and lines as one SVG string. */
async function renderBaseline(graph: DependencyGraph) {
  const layout = layoutDependencyGraph(groupDependencyGraph(graph, new Set()));
  const started = performance.now();
  const lines = layout.links
    .map(
      l =>
        `<path fill="none" stroke="#888" d="${l.points
          .map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`)
          .join(' ')}"/>`,
    )
    .join('');
  const boxes = layout.groups
    .map(
      g =>
        `<g transform="translate(${g.x - g.width / 2},${
          g.y - g.height / 2
        })">` +
        `<rect width="${g.width}" height="${g.height}" fill="#eee" stroke="#666"/>` +
        `<text x="12" y="17">${g.label}</text><text x="12" y="32">${g.summary}</text></g>`,
    )
    .join('');
  root().innerHTML = `<svg width="100%" height="560"><g transform="scale(0.5)">${lines}${boxes}</g></svg>`;
  await painted();
  return { renderMs: performance.now() - started };
}

Object.assign(window, {
  firstPaint,
  expand,
  watchMainThread,
  mainThreadWatched,
  renderBaseline,
});
