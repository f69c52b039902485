import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  payments,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { TrainRunManifest } from './TrainRunManifest';

describe('TrainRunManifest', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('names each service as the catalog does, linking to its page', async () => {
    server.use(
      http.get(`${baseUrl}/trains/runs/run-1`, () =>
        HttpResponse.json({
          id: 'run-1',
          train: 'express',
          departsAt: '2026-11-25T14:00:00.000Z',
          cutoffAt: '2026-11-25T13:30:00.000Z',
          state: 'in-stage',
          stage: 'prod',
          createdAt: '2026-11-25T14:00:00.000Z',
          items: [
            {
              service: 'component:default/payments',
              version: '1.4.2',
              state: 'awaiting-approval',
              stage: 'prod',
              changeCount: 1,
              changeList: [
                {
                  commitSha: 'a'.repeat(40),
                  prNumber: 42,
                  title: 'Fix rounding in checkout',
                  author: 'ben.okafor',
                  issueKeys: [],
                },
              ],
            },
            {
              service: 'component:default/cart',
              state: 'waiting',
              changeCount: 0,
              changeList: [],
            },
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <TrainRunManifest runId="run-1" onClose={jest.fn()} />,
      {
        entities: [
          {
            ...payments,
            metadata: { ...payments.metadata, title: 'Payments API' },
          },
        ],
      },
    );

    const manifest = await screen.findByTestId('train-run-manifest');
    const link = await within(manifest).findByRole('link', {
      name: 'Payments API',
    });
    expect(link).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(manifest).toHaveTextContent(
      'Payments API 1.4.2: awaiting-approval (prod)',
    );
    // Cart is not in the catalog: its name, from the ref.
    expect(
      within(manifest).getByRole('link', { name: 'cart' }),
    ).toHaveAttribute('href', '/catalog/default/component/cart');
    expect(manifest).toHaveTextContent('cart —: waiting');
    // A git login is no entity ref: it stays as it is.
    expect(manifest).toHaveTextContent(
      '#42 Fix rounding in checkout (ben.okafor)',
    );
    expect(manifest).not.toHaveTextContent(/component:default\//);
  });
});
