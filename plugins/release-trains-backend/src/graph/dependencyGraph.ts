import {
  DependencyEdge,
  DependencyGraph,
} from '@release-trains/plugin-release-trains-common';
import { effectiveRequirements, ServiceRecord } from '../ledger/ServiceStore';
import { judgeRequirement } from './requirementVerdict';

/** The services that provide each API, by API entity ref. */
function providersByApi(services: ServiceRecord[]): Map<string, string[]> {
  const providers = new Map<string, string[]>();
  for (const service of services) {
    for (const api of service.providesApis ?? []) {
      providers.set(api, [...(providers.get(api) ?? []), service.ref]);
    }
  }
  return providers;
}

/** The APIs through which `service` depends on each provider, by provider. */
function apisByProvider(
  service: ServiceRecord,
  providers: ReadonlyMap<string, string[]>,
): Map<string, string[]> {
  const apis = new Map<string, string[]>();
  for (const api of service.consumesApis ?? []) {
    for (const provider of providers.get(api) ?? []) {
      if (provider !== service.ref) {
        apis.set(provider, [...(apis.get(provider) ?? []), api]);
      }
    }
  }
  return apis;
}

/**
 * The graph of `services` in one stage: an edge for each `dependsOn`, each
 * API consumed from another service and each version requirement, judged
 * against what the stage runs.
 */
export function buildDependencyGraph(options: {
  stage: string;
  services: ServiceRecord[];
  running: ReadonlyMap<string, string>;
}): DependencyGraph {
  const { stage, running } = options;
  // Ordered in code, not by the database's collation.
  const services = [...options.services].sort((a, b) =>
    a.ref < b.ref ? -1 : 1,
  );
  const providers = providersByApi(services);
  const edges: DependencyEdge[] = services.flatMap(service => {
    const requires = effectiveRequirements(service);
    const apis = apisByProvider(service, providers);
    return [
      ...new Set([
        ...service.dependsOn,
        ...apis.keys(),
        ...Object.keys(requires),
      ]),
    ]
      .sort()
      .map(to => {
        const range = requires[to];
        const runningVersion = running.get(to);
        return {
          from: service.ref,
          to,
          ...(apis.has(to) && { apis: apis.get(to) }),
          ...(range !== undefined && {
            range,
            rangeSource:
              service.requiresSet?.[to] === undefined
                ? ('annotation' as const)
                : ('api' as const),
          }),
          ...(runningVersion && { runningVersion }),
          ...judgeRequirement({
            service: to,
            range,
            running: runningVersion,
            stage,
          }),
        };
      });
  });
  const known = new Map(services.map(s => [s.ref, s]));
  const refs = new Set([...services.map(s => s.ref), ...edges.map(e => e.to)]);
  return {
    stage,
    nodes: [...refs].sort().map(ref => {
      const service = known.get(ref);
      const version = running.get(ref);
      return {
        service: ref,
        ...(service?.owner && { owner: service.owner }),
        ...(service?.system && { system: service.system }),
        ...(version && { runningVersion: version }),
      };
    }),
    edges,
  };
}

/** The part of a graph within `depth` edges of `service`, both directions. */
export function neighbourhood(
  graph: DependencyGraph,
  service: string,
  depth: number,
): DependencyGraph {
  const reached = new Set([service]);
  let frontier = [service];
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const edge of graph.edges) {
      for (const [here, there] of [
        [edge.from, edge.to],
        [edge.to, edge.from],
      ]) {
        if (frontier.includes(here) && !reached.has(there)) {
          reached.add(there);
          next.push(there);
        }
      }
    }
    frontier = next;
  }
  return {
    stage: graph.stage,
    nodes: graph.nodes.filter(node => reached.has(node.service)),
    edges: graph.edges.filter(e => reached.has(e.from) && reached.has(e.to)),
  };
}

/** Only the edges from services of an owner or system, or only violations. */
export function filterGraph(
  graph: DependencyGraph,
  filter: { owner?: string; system?: string; violationsOnly?: boolean },
): DependencyGraph {
  const nodes = new Map(graph.nodes.map(node => [node.service, node]));
  const edges = graph.edges.filter(edge => {
    const from = nodes.get(edge.from);
    return (
      (!filter.owner || from?.owner === filter.owner) &&
      (!filter.system || from?.system === filter.system) &&
      (!filter.violationsOnly ||
        edge.verdict === 'violated' ||
        edge.verdict === 'invalid')
    );
  });
  const kept = new Set(edges.flatMap(edge => [edge.from, edge.to]));
  return {
    stage: graph.stage,
    nodes: graph.nodes.filter(node =>
      filter.owner || filter.system || filter.violationsOnly
        ? kept.has(node.service)
        : true,
    ),
    edges,
  };
}

/** Only the services in `visible`, and the edges between two of them. */
export function visiblePart(
  graph: DependencyGraph,
  visible: ReadonlySet<string>,
): DependencyGraph {
  return {
    stage: graph.stage,
    nodes: graph.nodes.filter(node => visible.has(node.service)),
    edges: graph.edges.filter(
      edge => visible.has(edge.from) && visible.has(edge.to),
    ),
  };
}
