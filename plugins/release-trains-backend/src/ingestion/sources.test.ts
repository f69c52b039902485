import { ConfigReader } from '@backstage/config';
import { readIngestionSettings, reportsFor } from './sources';
import { DEFAULT_PIPELINES } from '../config/pipelines';

const withIngestion = (ingestion: object) =>
  new ConfigReader({ releaseTrains: { ingestion } });

const service = (ref: string, owner?: string, system?: string) => ({
  ref,
  pipeline: DEFAULT_PIPELINES.get('default')!,
  requires: {},
  ...(owner && { owner }),
  ...(system && { system }),
});

describe('readIngestionSettings', () => {
  it('reads each source with what it reports for, and the clock tolerances', () => {
    const settings = readIngestionSettings(
      withIngestion({
        maxClockSkewSeconds: 60,
        sources: {
          github: {
            secret: 'a-secret-of-enough-length',
            services: ['payments'],
            owners: ['team-a'],
            systems: ['shop'],
          },
          jenkins: { subject: 'external:jenkins', allServices: true },
        },
      }),
    );
    expect(settings.signatureToleranceSeconds).toBe(300);
    expect(settings.maxClockSkewSeconds).toBe(60);
    const github = settings.sources.get('github')!;
    expect([...github.services]).toEqual(['component:default/payments']);
    expect([...github.owners]).toEqual(['group:default/team-a']);
    expect([...github.systems]).toEqual(['system:default/shop']);

    expect(reportsFor(github, service('component:default/payments'))).toBe(
      true,
    );
    expect(
      reportsFor(
        github,
        service('component:default/cart', 'group:default/team-a'),
      ),
    ).toBe(true);
    expect(
      reportsFor(
        github,
        service('component:default/orders', undefined, 'shop'),
      ),
    ).toBe(true);
    expect(
      reportsFor(
        github,
        service('component:default/search', 'group:default/team-b', 'platform'),
      ),
    ).toBe(false);
    expect(
      reportsFor(
        settings.sources.get('jenkins')!,
        service('component:default/search'),
      ),
    ).toBe(true);
  });

  it.each([
    [
      { sources: { a: { services: ['x'] } } },
      /sources.a needs a secret .* or a subject/,
    ],
    [
      { sources: { a: { secret: 'short', services: ['x'] } } },
      /sources.a.secret must be at least 16 characters/,
    ],
    [
      { sources: { a: { secret: 'a-secret-of-enough-length' } } },
      /sources.a must list the services, owners or systems it reports for/,
    ],
    [
      {
        sources: {
          a: { subject: 'external:ci', allServices: true },
          b: { subject: 'external:ci', allServices: true },
        },
      },
      /sources.b.subject: 'external:ci' is already the subject of source 'a'/,
    ],
    [
      { sources: { a: { subject: 's', owners: ['not a ref:/'] } } },
      /sources.a.owners\[0\]: 'not a ref:\/' is not an entity ref/,
    ],
    [
      { signatureToleranceSeconds: 0 },
      /signatureToleranceSeconds must be a number of seconds, 1 or more/,
    ],
    [
      { maxClockSkewSeconds: -1 },
      /maxClockSkewSeconds must be a number of seconds, 0 or more/,
    ],
  ])('refuses %j with a message naming the key', (ingestion, message) => {
    expect(() => readIngestionSettings(withIngestion(ingestion))).toThrow(
      message,
    );
  });
});
