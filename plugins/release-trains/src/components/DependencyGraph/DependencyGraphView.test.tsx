import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { DependencyGraphView } from './DependencyGraphView';

const ref = (name: string) => `component:default/${name}`;

const graphIn = (stage: string) => ({
  stage,
  nodes: [
    { service: ref('cart'), owner: 'group:default/team-cart', system: 'shop' },
    { service: ref('checkout'), system: 'shop' },
    { service: ref('orders'), system: 'fulfilment' },
    { service: ref('payments'), runningVersion: '1.9.0' },
    { service: ref('pricing') },
  ],
  edges: [
    {
      from: ref('cart'),
      to: ref('pricing'),
      range: 'not a range',
      verdict: 'invalid',
      reason:
        "component:default/pricing: 'not a range' is not a valid semver range",
    },
    {
      from: ref('checkout'),
      to: ref('cart'),
      apis: ['api:default/cart-api'],
      verdict: 'unknown',
      reason: 'No version requirement on component:default/cart',
    },
    {
      from: ref('checkout'),
      to: ref('payments'),
      range: '>=1.7 <2',
      rangeSource: 'annotation',
      runningVersion: '1.9.0',
      verdict: 'satisfied',
      reason: `component:default/payments >=1.7 <2 required, ${stage} runs 1.9.0`,
    },
    {
      from: ref('orders'),
      to: ref('payments'),
      range: '>=2.0.0',
      rangeSource: 'api',
      runningVersion: '1.9.0',
      verdict: 'violated',
      reason: `component:default/payments >=2.0.0 required, ${stage} runs 1.9.0`,
    },
  ],
});

describe('DependencyGraphView', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let queries: Record<string, string>[];

  beforeEach(() => {
    queries = [];
    server.use(
      http.get(`${baseUrl}/pipelines`, () =>
        HttpResponse.json({
          items: [
            {
              name: 'default',
              stages: [
                { name: 'dev', title: 'Dev' },
                { name: 'staging', title: 'Staging' },
                { name: 'prod', title: 'Prod' },
              ],
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/graph`, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        queries.push(query);
        return HttpResponse.json(graphIn(query.stage));
      }),
    );
  });

  const edge = (container: HTMLElement, from: string, to: string) =>
    container.querySelector(`[data-edge="${ref(from)} → ${ref(to)}"]`);

  it('draws the organisation in the last stage, each edge coloured by its verdict, the range and running version on hover', async () => {
    const { container } = await renderWithReleaseTrainsApi(
      <DependencyGraphView />,
    );

    expect(
      await screen.findByRole('figure', {
        name: 'Dependency graph in prod: 5 services, 4 dependencies',
      }),
    ).toBeInTheDocument();
    expect(queries).toEqual([{ stage: 'prod' }]);
    expect(
      [...container.querySelectorAll('[data-edge]')].map(
        e =>
          `${e.getAttribute('data-edge')}: ${e.getAttribute('data-verdict')}`,
      ),
    ).toEqual([
      `${ref('cart')} → ${ref('pricing')}: invalid`,
      `${ref('checkout')} → ${ref('cart')}: unknown`,
      `${ref('checkout')} → ${ref('payments')}: satisfied`,
      `${ref('orders')} → ${ref('payments')}: violated`,
    ]);
    const violated = edge(container, 'orders', 'payments')!;
    expect(violated.querySelector('path')).toHaveAttribute(
      'stroke',
      expect.stringMatching(/^#/),
    );
    expect(violated.querySelector('path')?.getAttribute('stroke')).not.toBe(
      edge(container, 'checkout', 'payments')!
        .querySelector('path')
        ?.getAttribute('stroke'),
    );

    // Not by colour alone: violated lines are dashed and say what is
    // needed, satisfied ones solid with a tick; the legend says so.
    const line = (e: Element) => e.querySelector('path')!;
    const mark = (e: Element) => e.querySelector('[data-mark]')?.textContent;
    expect(line(violated)).toHaveAttribute('stroke-dasharray');
    expect(mark(violated)).toBe('✗ needs >=2.0.0');
    const satisfied = edge(container, 'checkout', 'payments')!;
    expect(line(satisfied)).not.toHaveAttribute('stroke-dasharray');
    expect(mark(satisfied)).toBe('✓');
    const invalid = edge(container, 'cart', 'pricing')!;
    expect(line(invalid).getAttribute('stroke-dasharray')).not.toBe(
      line(violated).getAttribute('stroke-dasharray'),
    );
    expect(mark(invalid)).toBe('! invalid range');
    expect(mark(edge(container, 'checkout', 'cart')!)).toBeUndefined();
    const legend = screen.getByTestId('graph-legend');
    expect(legend).toHaveTextContent('✓ Satisfied (solid line)');
    expect(legend).toHaveTextContent('✗ Violated (dashed line)');
    expect(legend).toHaveTextContent(
      '! Invalid range or version (dotted line)',
    );

    fireEvent.mouseMove(violated);
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip).toHaveTextContent('orders → payments');
    expect(tooltip).toHaveTextContent(
      'Required: >=2.0.0 (set through the API)',
    );
    expect(tooltip).toHaveTextContent('Running in prod: 1.9.0');
    expect(tooltip).toHaveTextContent('Violated');
    fireEvent.mouseLeave(violated);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();

    // Services are links, by keyboard too, named as they read.
    expect(
      screen.getByRole('link', {
        name: 'payments 1.9.0, running in prod (component:default/payments)',
      }),
    ).toHaveAttribute('tabindex', '0');
  });

  it('lists every dependency in the table fallback, with links to the services', async () => {
    await renderWithReleaseTrainsApi(<DependencyGraphView />);
    await screen.findByRole('figure', { name: /Dependency graph in prod/ });

    fireEvent.click(screen.getByRole('button', { name: 'Table' }));

    const row = (await screen.findByText('>=2.0.0 (API)')).closest('tr')!;
    expect(within(row).getByText('Violated')).toBeInTheDocument();
    expect(row).toHaveTextContent('✗ Violated');
    expect(within(row).getByText('1.9.0')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'orders' })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders/release?graphStage=prod',
    );
    const invalid = screen.getByText('not a range').closest('tr')!;
    expect(
      within(invalid).getByText('Invalid range or version'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByText('cart-api').closest('tr')!).getByText(
        'No requirement',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: /Dependency graph/ }),
    ).toBeNull();
  });

  it('asks again for another stage, only violations, an owner or a system', async () => {
    await renderWithReleaseTrainsApi(<DependencyGraphView />);
    await screen.findByRole('figure', { name: /Dependency graph in prod/ });

    fireEvent.mouseDown(screen.getByRole('button', { name: /Stage/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'staging' }));
    await screen.findByRole('figure', { name: /Dependency graph in staging/ });

    fireEvent.click(screen.getByRole('checkbox', { name: 'Only violations' }));
    await waitFor(() => expect(queries).toHaveLength(3));

    fireEvent.mouseDown(screen.getByRole('button', { name: /System/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'shop' }));
    await waitFor(() =>
      expect(queries[queries.length - 1]).toEqual({
        stage: 'staging',
        violations: 'true',
        system: 'shop',
      }),
    );
    expect(queries.slice(0, 2)).toEqual([
      { stage: 'prod' },
      { stage: 'staging' },
    ]);
  });

  it('opens on the stage and the edge a link names, drawn out', async () => {
    const { container } = await renderWithReleaseTrainsApi(
      <DependencyGraphView service={ref('orders')} stages={['dev', 'prod']} />,
      {
        routeEntries: [
          `/?graphStage=dev&graphFrom=${ref('orders')}&graphTo=${ref(
            'payments',
          )}`,
        ],
      },
    );

    await screen.findByRole('figure', { name: /Dependency graph in dev/ });
    expect(queries).toEqual([
      { stage: 'dev', service: ref('orders'), depth: '2' },
    ]);
    const highlighted = container.querySelectorAll('[data-highlighted]');
    expect([...highlighted].map(e => e.getAttribute('data-edge'))).toEqual([
      `${ref('orders')} → ${ref('payments')}`,
    ]);
    // A neighbourhood is not filtered by owner or system.
    expect(screen.queryByRole('button', { name: /System/ })).toBeNull();
  });

  it('says so when there are no dependencies, and shows errors', async () => {
    server.use(
      http.get(`${baseUrl}/graph`, ({ request }) =>
        new URL(request.url).searchParams.get('stage') === 'prod'
          ? HttpResponse.json({ stage: 'prod', nodes: [], edges: [] })
          : errorResponse(500, 'Error', 'The ledger is unavailable'),
      ),
    );
    await renderWithReleaseTrainsApi(<DependencyGraphView />);
    expect(
      await screen.findByText(/No dependencies are known/),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('button', { name: /Stage/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'dev' }));
    expect(
      await screen.findByText(/The ledger is unavailable/),
    ).toBeInTheDocument();
  });
});
