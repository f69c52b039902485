import { payments } from '../../__testUtils__/renderWithApi';
import { pullRequestUrl } from './dialogData';

describe('pullRequestUrl', () => {
  const withAnnotations = (annotations: Record<string, string>) => ({
    ...payments,
    metadata: { ...payments.metadata, annotations },
  });

  it('links to GitHub from the project slug or a GitHub source location', () => {
    expect(
      pullRequestUrl(
        withAnnotations({ 'github.com/project-slug': 'acme/payments' }),
        42,
      ),
    ).toBe('https://github.com/acme/payments/pull/42');
    expect(
      pullRequestUrl(
        withAnnotations({
          'backstage.io/source-location':
            'url:https://github.com/acme/payments.git/tree/main/',
        }),
        7,
      ),
    ).toBe('https://github.com/acme/payments/pull/7');
  });

  it('has no link when the repository is unknown', () => {
    expect(pullRequestUrl(payments, 42)).toBeUndefined();
    expect(pullRequestUrl(undefined, 42)).toBeUndefined();
  });
});
