import { renderInTestApp } from '@backstage/test-utils';
import {
  DependencyEdge,
  DependencyGraph,
} from '@release-trains/plugin-release-trains-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { groupDependencyGraph } from './groupDependencyGraph';
import { layoutLayers } from './layoutLayers';
import { SystemsGraph } from './SystemsGraph';

const ref = (name: string) => `component:default/${name}`;
const service = (system: number, i: number) => ref(`shop-${system}-svc-${i}`);
const edge = (
  from: string,
  to: string,
  verdict: DependencyEdge['verdict'] = 'satisfied',
): DependencyEdge => ({
  from,
  to,
  verdict,
  range: verdict === 'unknown' ? undefined : '^1.0.0',
  runningVersion: '1.2.0',
  reason: 'judged',
});

/**
 * 32 systems of ten services, 320 in all: in shop-0 one requirement is
 * violated between its own services, shop-1 violates one of shop-2's, and
 * two services have no system.
 */
function largeGraph(): DependencyGraph {
  const nodes = Array.from({ length: 32 * 10 }, (_, n) => ({
    service: service(Math.floor(n / 10), n % 10),
    system: `shop-${Math.floor(n / 10)}`,
    runningVersion: '1.2.0',
  }));
  nodes.push({
    service: ref('lonely'),
    system: undefined as any,
    runningVersion: '1.0.0',
  });
  nodes.push({
    service: ref('stray'),
    system: undefined as any,
    runningVersion: '1.0.0',
  });
  const edges = [
    ...Array.from({ length: 32 }, (_, s) => edge(service(s, 1), service(s, 0))),
    edge(service(0, 2), service(0, 1), 'violated'),
    edge(service(1, 3), service(2, 0), 'violated'),
    edge(service(1, 4), service(2, 1)),
    edge(service(3, 0), ref('lonely'), 'unknown'),
  ];
  return { stage: 'prod', nodes, edges };
}

const group = (name: RegExp) => screen.getByRole('button', { name });

describe('SystemsGraph', () => {
  it('draws a large graph as its systems, collapsed, with every violation visible', async () => {
    const { container } = await renderInTestApp(
      <SystemsGraph graph={largeGraph()} />,
    );

    expect(
      screen.getByRole('figure', {
        name: 'Dependency graph in prod: 322 services, 36 dependencies, 33 systems drawn as one box each',
      }),
    ).toBeInTheDocument();
    expect(container.querySelectorAll('[data-service]')).toHaveLength(0);
    expect(container.querySelectorAll('[data-group]')).toHaveLength(33);
    // A violation inside a system is counted on its box.
    const shop0 = group(/^shop-0 system/);
    expect(shop0).toHaveAccessibleName(
      'shop-0 system: 10 services, ✗ 1 violated. Expand to show its services',
    );
    expect(shop0).toHaveAttribute('aria-expanded', 'false');
    expect(shop0).toHaveAttribute('data-violations', '1');
    expect(group(/^Services without a system/)).toHaveTextContent('2 services');
    // Between systems, one line for all their edges, with the worst verdict.
    const link = container.querySelector(
      '[data-link="#system/shop-1 → #system/shop-2"]',
    )!;
    expect(link).toHaveAttribute('data-verdict', 'violated');
    expect(link).toHaveAttribute('data-edges', '2');
    expect(link.querySelector('[data-mark]')).toHaveTextContent('✗ 1 violated');
    expect(link.querySelector('path')).toHaveAttribute('stroke-dasharray');
    expect(link.querySelector('title')).toHaveTextContent(
      'shop-1 system → shop-2 system: 2 dependencies, 1 violated',
    );
  });

  it('expands a system into its services on demand, and collapses it again', async () => {
    const onSelectService = jest.fn();
    const { container } = await renderInTestApp(
      <SystemsGraph graph={largeGraph()} onSelectService={onSelectService} />,
    );

    fireEvent.click(group(/^shop-0 system/));

    const figure = await screen.findByRole('figure', { name: /32 systems/ });
    const services = within(figure).getAllByRole('link');
    expect(services.map(s => s.getAttribute('data-service')).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => service(0, i)).sort(),
    );
    // The violation inside is now its own edge, marked.
    expect(
      container
        .querySelector(`[data-edge="${service(0, 2)} → ${service(0, 1)}"]`)
        ?.querySelector('[data-mark]'),
    ).toHaveTextContent('✗ needs ^1.0.0');
    const collapse = screen.getByRole('button', {
      name: 'shop-0 system, expanded. Collapse it',
    });
    await waitFor(() => expect(collapse).toHaveFocus());
    expect(
      screen.getByRole('button', { name: /shop-0 system expanded/ }),
    ).toBeInTheDocument();
    fireEvent.click(services[0]);
    expect(onSelectService).toHaveBeenCalled();

    fireEvent.click(collapse);
    await screen.findByRole('figure', { name: /33 systems/ });
    expect(container.querySelectorAll('[data-service]')).toHaveLength(0);
    await waitFor(() => expect(group(/^shop-0 system/)).toHaveFocus());
  });

  it('expands by keyboard, and opens with the systems of a highlighted edge expanded', async () => {
    await renderInTestApp(
      <SystemsGraph
        graph={largeGraph()}
        highlight={{ from: service(1, 3), to: service(2, 0) }}
      />,
    );
    expect(
      screen.getByRole('figure', { name: /31 systems/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^shop-1-svc-3 1.2.0/ }),
    ).toBeInTheDocument();

    // Opening on a link centres the view but leaves the keyboard focus be.
    expect(document.activeElement).toBe(document.body);

    fireEvent.keyDown(group(/^shop-5 system/), { key: 'Enter' });
    await screen.findByRole('figure', { name: /30 systems/ });
    expect(
      screen.getByRole('link', { name: /^shop-5-svc-9 1.2.0/ }),
    ).toBeInTheDocument();
  });
});

describe('groupDependencyGraph', () => {
  it('keeps every edge: as it is, in a link between boxes, or counted inside', () => {
    const graph = largeGraph();
    const grouped = groupDependencyGraph(graph, new Set(['shop-1']));
    const inside = grouped.groups!.flatMap(g => Object.values(g.inside));
    const total =
      grouped.edges.length +
      grouped.links!.reduce((sum, l) => sum + l.edges.length, 0) +
      inside.reduce((sum, n) => sum + n, 0);
    expect(total).toBe(graph.edges.length);
    expect(grouped.nodes).toHaveLength(10);
    expect(grouped.links!.find(l => l.from === service(1, 3))?.verdict).toBe(
      'violated',
    );
  });
});

describe('layoutLayers', () => {
  it('places every box, dependents left of what they depend on, also around a cycle', () => {
    const box = (id: string) => ({ id, width: 100, height: 40 });
    const layout = layoutLayers(['a', 'b', 'c', 'd'].map(box), [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'b' },
      { from: 'd', to: 'a' },
    ]);
    const x = (id: string) => layout.node(id).x;
    expect(x('d')).toBeLessThan(x('a'));
    expect(x('a')).toBeLessThan(x('b'));
    expect(layout.edge('a', 'b').points).toHaveLength(2);
    expect(layout.width).toBeGreaterThan(x('c'));
  });
});
