import { releaseTrainsPlugin } from './plugin';

describe('release-trains', () => {
  it('should export plugin', () => {
    expect(releaseTrainsPlugin).toBeDefined();
  });
});
