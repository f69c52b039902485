/*
 * The organisation the graph benchmark draws: 490 systems of ten services
 * and five platform systems of twenty shared services, 5,000 in all.
 */

export const SYSTEMS = 490;
export const SERVICES_PER_SYSTEM = 10;
export const PLATFORM_SYSTEMS = 5;
export const SERVICES_PER_PLATFORM_SYSTEM = 20;

type Verdict = 'satisfied' | 'violated' | 'unknown' | 'invalid';
type Node = { service: string; system: string; runningVersion: string };
type Edge = {
  from: string;
  to: string;
  range?: string;
  runningVersion?: string;
  verdict: Verdict;
  reason: string;
};

const ref = (name: string) => `component:default/${name}`;
const serviceIn = (system: number, i: number) =>
  ref(`system-${system}-service-${i}`);
const platformService = (p: number) => ref(`platform-${p}`);

/**
 * Each service depends on one or two others of its system, a third of
 * them on a shared platform service and one in thirty on a service of
 * another system; half the edges carry a version requirement, a few of
 * them violated or invalid.
 */
export function organisationGraph() {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const pick = (n: number) => Math.floor(random() * n);
  const version = () => `1.${pick(20)}.${pick(10)}`;
  const platformCount = PLATFORM_SYSTEMS * SERVICES_PER_PLATFORM_SYSTEM;
  const nodes: Node[] = [];
  for (let p = 0; p < platformCount; p++) {
    const system = `platform-${Math.floor(p / SERVICES_PER_PLATFORM_SYSTEM)}`;
    nodes.push({ service: platformService(p), system, runningVersion: '' });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    for (let i = 0; i < SERVICES_PER_SYSTEM; i++) {
      nodes.push({
        service: serviceIn(s, i),
        system: `system-${s}`,
        runningVersion: '',
      });
    }
  }
  for (const node of nodes) node.runningVersion = version();

  const edges = new Map<string, Edge>();
  const addEdge = (from: string, to: string) => {
    const roll = random();
    const edge: Edge =
      roll < 0.5
        ? { from, to, verdict: 'unknown', reason: 'No version requirement' }
        : {
            from,
            to,
            range: roll < 0.99 ? '^1.0.0' : 'not a range',
            runningVersion: '1.2.0',
            verdict:
              roll < 0.95 ? 'satisfied' : roll < 0.99 ? 'violated' : 'invalid',
            reason: 'judged',
          };
    if (from !== to) edges.set(`${from} ${to}`, edge);
  };
  for (let s = 0; s < SYSTEMS; s++) {
    for (let i = 0; i < SERVICES_PER_SYSTEM; i++) {
      const service = serviceIn(s, i);
      if (i > 0 && random() < 0.8) addEdge(service, serviceIn(s, pick(i)));
      if (i > 1 && random() < 0.3) addEdge(service, serviceIn(s, pick(i)));
      if (random() < 0.3)
        addEdge(service, platformService(pick(platformCount)));
      if (random() < 1 / 30) {
        addEdge(service, serviceIn(pick(SYSTEMS), pick(SERVICES_PER_SYSTEM)));
      }
    }
  }
  // Platform services build on the platform systems before them.
  for (let p = SERVICES_PER_PLATFORM_SYSTEM; p < platformCount; p++) {
    if (random() < 0.5) addEdge(platformService(p), platformService(pick(p)));
  }
  return { stage: 'prod', nodes, edges: [...edges.values()] };
}
