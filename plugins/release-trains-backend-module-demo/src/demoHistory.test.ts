import { buildDemoHistory, DEMO_SERVICES } from './demoHistory';

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
