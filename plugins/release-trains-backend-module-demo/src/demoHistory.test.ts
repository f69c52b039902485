import { buildDemoHistory, DEMO_SERVICES } from './demoHistory';
import { buildEarlierDemoHistory } from './earlierDemoHistory';

const stages = ['dev', 'staging', 'prod'];
const now = new Date('2026-11-21T12:00:00.000Z');

describe('demo history', () => {
  it('gives every demo service a different version in each stage, all in the past', () => {
    const history = buildDemoHistory(stages, now);
    for (const name of DEMO_SERVICES) {
      const own = history.deployments.filter(
        d => d.service === `component:default/${name}`,
      );
      const latest = stages.map(
        stage => own.filter(d => d.stage === stage).at(-1)?.version,
      );
      expect(new Set(latest).size).toBe(3);
    }
    expect(history.deployments.every(d => d.createdAt < now)).toBe(true);
    expect(history.versions.every(v => v.changes.length > 0)).toBe(true);
    expect(buildDemoHistory(stages, now)).toEqual(history);
  });
});

describe('earlier demo history', () => {
  const earlier = buildEarlierDemoHistory(stages, now);
  const recent = buildDemoHistory(stages, now);
  const ninetyDaysAgo = now.getTime() - 90 * 24 * 3_600_000;

  it('ends before the recent history begins, with versions of its own', () => {
    for (const d of earlier.deployments) {
      expect((d.finishedAt ?? d.createdAt).getTime()).toBeLessThan(
        ninetyDaysAgo,
      );
    }
    const recentVersions = new Set(
      recent.versions.map(v => `${v.service}@${v.version}`),
    );
    const earlierVersions = earlier.versions.map(
      v => `${v.service}@${v.version}`,
    );
    expect(new Set(earlierVersions).size).toBe(earlierVersions.length);
    expect(earlierVersions.filter(v => recentVersions.has(v))).toEqual([]);
    expect(buildEarlierDemoHistory(stages, now)).toEqual(earlier);
  });

  it('builds each service’s versions one after the other, each deployed after it is built', () => {
    const builtAt = new Map(
      earlier.versions.map(v => [`${v.service}@${v.version}`, v.builtAt]),
    );
    for (const name of DEMO_SERVICES) {
      const own = earlier.versions.filter(
        v => v.service === `component:default/${name}`,
      );
      const times = own.map(v => v.builtAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    for (const d of earlier.deployments) {
      expect(d.createdAt.getTime()).toBeGreaterThan(
        builtAt.get(`${d.service}@${d.version}`)!.getTime(),
      );
    }
  });

  it('has a story for the insights: fast and slow teams, failures, roll-backs, hotfixes, a lagging prod', () => {
    const prodOf = (name: string) =>
      earlier.deployments.filter(
        d => d.service === `component:default/${name}` && d.stage === 'prod',
      );
    expect(prodOf('payments').length).toBeGreaterThan(
      5 * prodOf('inventory').length,
    );
    const states = earlier.deployments.map(d => d.state ?? 'succeeded');
    expect(states).toContain('failed');
    expect(states).toContain('rolled-back');
    expect(earlier.deployments.some(d => d.kind === 'rollback')).toBe(true);
    expect(earlier.versions.some(v => v.kind === 'hotfix')).toBe(true);
    const stagingOf = (name: string) =>
      earlier.deployments.filter(
        d => d.service === `component:default/${name}` && d.stage === 'staging',
      );
    expect(stagingOf('recommendations').length).toBeGreaterThanOrEqual(
      4 * prodOf('recommendations').length,
    );
  });
});
