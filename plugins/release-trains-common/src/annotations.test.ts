import { isReleaseTrainsAvailable } from './annotations';

describe('isReleaseTrainsAvailable', () => {
  const entity = (annotations?: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
  });

  it('is true only for entities on a pipeline', () => {
    expect(
      isReleaseTrainsAvailable(
        entity({ 'release-trains/pipeline': 'default' }),
      ),
    ).toBe(true);
    expect(
      isReleaseTrainsAvailable(entity({ 'release-trains/train': 'nightly' })),
    ).toBe(false);
    expect(isReleaseTrainsAvailable(entity())).toBe(false);
  });
});
