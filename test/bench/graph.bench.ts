/*
 * Dependency graph benchmark: lays out and renders a 1,000-service graph
 * with the plugin's code (dagre, then React SVG) in headless Chromium, and
 * prints the layout and first-render times beside a baseline measured in
 * the same run: the same SVG elements put into the page as one string.
 *
 *   scripts/dev.sh yarn bench:graph
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { launchChromium } from '../support/browser.mts';

const SYSTEMS = 98;
const SERVICES_PER_SYSTEM = 10;
const PLATFORM_SERVICES = 20;
const RUNS = 7;
const TARGET_MS = 1000;

type Edge = {
  from: string;
  to: string;
  range?: string;
  runningVersion?: string;
  verdict: 'satisfied' | 'violated' | 'unknown' | 'invalid';
  reason: string;
};

/**
 * An organisation's graph: systems of ten services that depend on one or
 * two others of their system, and on shared platform services; half the
 * edges carry a version requirement, a few of them violated or invalid.
 */
function organisationGraph() {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ref = (name: string) => `component:default/${name}`;
  const nodes = [
    ...Array.from({ length: PLATFORM_SERVICES }, (_, p) => `platform-${p}`),
    ...Array.from({ length: SYSTEMS * SERVICES_PER_SYSTEM }, (_, i) => {
      const system = Math.floor(i / SERVICES_PER_SYSTEM);
      return `system-${system}-service-${i % SERVICES_PER_SYSTEM}`;
    }),
  ].map(name => ({
    service: ref(name),
    runningVersion: `1.${Math.floor(random() * 20)}.${Math.floor(
      random() * 10,
    )}`,
  }));
  const edges = new Map<string, Edge>();
  const addEdge = (from: string, to: string) => {
    const roll = random();
    const edge: Edge =
      roll < 0.5
        ? { from, to, verdict: 'unknown', reason: 'No version requirement' }
        : {
            from,
            to,
            range: roll < 0.99 ? '^1.0.0' : 'not a range',
            runningVersion: '1.2.0',
            verdict:
              roll < 0.95 ? 'satisfied' : roll < 0.99 ? 'violated' : 'invalid',
            reason: 'judged',
          };
    edges.set(`${from} ${to}`, edge);
  };
  for (let s = 0; s < SYSTEMS; s++) {
    for (let i = 0; i < SERVICES_PER_SYSTEM; i++) {
      const service = ref(`system-${s}-service-${i}`);
      const sibling = () =>
        ref(`system-${s}-service-${Math.floor(random() * i)}`);
      if (i > 0 && random() < 0.8) addEdge(service, sibling());
      if (i > 1 && random() < 0.3) addEdge(service, sibling());
      if (random() < 0.3) {
        addEdge(
          service,
          ref(`platform-${Math.floor(random() * PLATFORM_SERVICES)}`),
        );
      }
    }
  }
  return { stage: 'prod', nodes, edges: [...edges.values()] };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values: number[]) => Math.max(...values);
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

const bundle = await build({
  entryPoints: [join(import.meta.dirname, 'graph', 'page.tsx')],
  bundle: true,
  write: false,
  format: 'iife',
  minify: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const script = bundle.outputFiles[0].text;
const graph = organisationGraph();
const browser = await launchChromium(join(import.meta.dirname, 'output'));

async function inFreshPage<T>(run: string): Promise<T> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  try {
    await page.setContent('<!doctype html><div id="root"></div>');
    await page.addScriptTag({ content: script });
    return (await page.evaluate(([fn, g]) => (window as any)[fn](g), [
      run,
      graph,
    ] as const)) as T;
  } finally {
    await page.close();
  }
}

const layoutTimes: number[] = [];
const renderTimes: number[] = [];
const baselineTimes: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const measured = await inFreshPage<{
      layoutMs: number;
      renderMs: number;
      services: number;
      edges: number;
    }>('renderWithPlugin');
    if (
      measured.services !== graph.nodes.length ||
      measured.edges !== graph.edges.length
    ) {
      throw new Error(
        `Rendered ${measured.services} services and ${measured.edges} edges, not ${graph.nodes.length} and ${graph.edges.length}`,
      );
    }
    layoutTimes.push(measured.layoutMs);
    renderTimes.push(measured.renderMs);
    baselineTimes.push(
      (await inFreshPage<{ renderMs: number }>('renderBaseline')).renderMs,
    );
  }
} finally {
  await browser.close();
}

const verdict = (value: number) => (value < TARGET_MS ? '✓' : '✗');
console.log(
  `Dependency graph: ${graph.nodes.length} services, ${
    graph.edges.length
  } edges, headless Chromium (${browser.version()}), ${RUNS} runs, a fresh page each`,
);
console.log(
  '                                          median      max   target',
);
console.log(
  `layout (dagre)                          ${ms(median(layoutTimes))}  ${ms(
    max(layoutTimes),
  )}   < ${TARGET_MS} ms ${verdict(max(layoutTimes))}`,
);
console.log(
  `first render (React SVG, to the paint)  ${ms(median(renderTimes))}  ${ms(
    max(renderTimes),
  )}   < ${TARGET_MS} ms ${verdict(max(renderTimes))}`,
);
console.log(
  `baseline: the same SVG as one string    ${ms(median(baselineTimes))}  ${ms(
    max(baselineTimes),
  )}`,
);
