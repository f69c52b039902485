import { InputError } from '@backstage/errors';
import { DependencyGraph } from '@release-trains/plugin-release-trains-common';
import semver from 'semver';
import { Ledger } from '../ledger/Ledger';
import { LiveUpdates } from '../promotion/LiveUpdates';
import {
  buildDependencyGraph,
  filterGraph,
  neighbourhood,
  visiblePart,
} from './dependencyGraph';

/** Which of the given services the reader may see. */
export type Visibility = (refs: string[]) => Promise<ReadonlySet<string>>;

/** A requirement between two services, by entity ref. */
export type RequirementParties = { service: string; dependency: string };

/**
 * The service dependency graph of a stage, as one reader may see it, and
 * the version requirements set through the API.
 */
export class DependencyGraphService {
  constructor(
    private readonly options: {
      ledger: Ledger;
      /** Open pages of both services show the edge: they hear of a change. */
      live: LiveUpdates;
    },
  ) {}

  async graph(
    query: {
      stage: string;
      /** Only the services within `depth` edges of this one. */
      focus?: string;
      depth?: number;
      owner?: string;
      system?: string;
      violationsOnly?: boolean;
    },
    visible: Visibility,
  ): Promise<DependencyGraph> {
    const filter = {
      owner: query.owner,
      system: query.system,
      violationsOnly: Boolean(query.violationsOnly),
    };
    if (query.focus) {
      const depth = query.depth ?? 1;
      const reached = await this.reachable(query.focus, depth, visible);
      const graph = await this.graphOf(query.stage, [...reached]);
      return filterGraph(
        neighbourhood(visiblePart(graph, reached), query.focus, depth),
        filter,
      );
    }
    const graph = await this.graphOf(query.stage);
    const seen = visiblePart(
      graph,
      await visible(graph.nodes.map(node => node.service)),
    );
    return filterGraph(seen, filter);
  }

  /** The graph of some services (all when left out) and what they link to. */
  private async graphOf(stage: string, refs?: string[]) {
    const { ledger } = this.options;
    const [services, running] = await Promise.all([
      refs
        ? ledger.services.getMany(refs).then(found => [...found.values()])
        : ledger.services.listAll(),
      ledger.stages.currentVersionsIn(stage, refs),
    ]);
    return buildDependencyGraph({ stage, services, running });
  }

  /**
   * The services the reader may see within `depth` links of `focus`, found
   * a step at a time by the ledger's links, never through one they may not
   * see: a hidden service neither shows nor leads anywhere.
   */
  private async reachable(
    focus: string,
    depth: number,
    visible: Visibility,
  ): Promise<Set<string>> {
    const reached = new Set(await visible([focus]));
    let frontier = [...reached];
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const found = [
        ...(await this.options.ledger.services.linkedTo(frontier)),
      ].filter(ref => !reached.has(ref));
      frontier = found.length > 0 ? [...(await visible(found))] : [];
      frontier.forEach(ref => reached.add(ref));
    }
    return reached;
  }

  /** Sets a requirement; says whether it changed anything. */
  async setRequirement(
    requirement: RequirementParties & { range: string; setBy: string },
  ): Promise<boolean> {
    assertDistinct(requirement);
    if (semver.validRange(requirement.range) === null) {
      throw new InputError(
        `range: '${requirement.range}' is not a valid semver range`,
      );
    }
    const changed = await this.options.ledger.services.setRequirement(
      requirement,
    );
    if (changed) await this.partiesChanged(requirement);
    return changed;
  }

  /** Removes a requirement; says whether there was one. */
  async removeRequirement(parties: RequirementParties): Promise<boolean> {
    assertDistinct(parties);
    const removed = await this.options.ledger.services.removeRequirement(
      parties.service,
      parties.dependency,
    );
    if (removed) await this.partiesChanged(parties);
    return removed;
  }

  private async partiesChanged({ service, dependency }: RequirementParties) {
    await this.options.live.servicesChanged([service, dependency]);
  }
}

function assertDistinct({ service, dependency }: RequirementParties) {
  if (service === dependency) {
    throw new InputError('dependency: a service cannot require itself');
  }
}
