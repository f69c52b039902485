import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readPipelines } from './pipelines';

const withPipelines = (pipelines: JsonValue) =>
  new ConfigReader({ releaseTrains: { pipelines } });

describe('readPipelines', () => {
  it('falls back to dev → staging → prod when nothing is configured', () => {
    const pipelines = readPipelines(new ConfigReader({}));
    expect(pipelines.get('default')?.stages.map(s => s.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('reads configured pipelines in order, titles defaulting to names', () => {
    const pipelines = readPipelines(
      withPipelines({
        fast: { stages: [{ name: 'qa', title: 'QA' }, { name: 'live' }] },
      }),
    );
    expect([...pipelines.keys()]).toEqual(['fast']);
    expect(pipelines.get('fast')?.stages).toEqual([
      { name: 'qa', title: 'QA' },
      { name: 'live', title: 'live' },
    ]);
  });

  it.each([
    [
      { Fast: { stages: [{ name: 'qa' }] } },
      /Invalid pipeline name at releaseTrains.pipelines.Fast/,
    ],
    [
      { fast: { stages: [] } },
      /releaseTrains.pipelines.fast.stages must list at least one stage/,
    ],
    [
      { fast: { stages: [{ name: 'Q A' }] } },
      /Invalid stage name 'Q A' at releaseTrains.pipelines.fast.stages\[0\]/,
    ],
    [
      { fast: { stages: [{ name: 'qa' }, { name: 'qa' }] } },
      /Stage 'qa' appears twice/,
    ],
    [{ fast: {} }, /stages/],
  ])('refuses %j with a message naming the key', (pipelines, message) => {
    expect(() => readPipelines(withPipelines(pipelines))).toThrow(message);
  });
});
