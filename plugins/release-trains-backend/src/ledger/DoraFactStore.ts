import { Knex } from 'knex';
import { chunks } from './deploymentRows';
import { addUpFacts, FactTotals, HOUR_MS } from './doraFactTotals';
import { StageKey, uniqueKeys } from './StageStateStore';

/** What a finished prod deployment counts for. */
export type DeploymentFact = {
  id: string;
  service: string;
  finishedAt: number;
  /** It put its version in prod (even if undone later). */
  ran: boolean;
  /** A change (not a rollback): a sample of the change fail rate. */
  isChange: boolean;
  failed: boolean;
  rework: boolean;
  /** From its failure to the next good deployment, where there was one. */
  recoveryMs?: number;
};

/** When a change first ran in prod, and how long it took to get there. */
export type ChangeFact = {
  id: string;
  service: string;
  arrivedAt: number;
  fromCommitMs?: number;
  fromMergeMs?: number;
};

export type DoraFacts = {
  deployments: DeploymentFact[];
  changes: ChangeFact[];
};

/** What a service's facts are worked out for: its last stage, the window. */
export type FactSource = StageKey & { hotfixWindowMs: number };

/**
 * A service whose facts are out of date: the `changed` and the marks that
 * the facts worked out from what the ledger holds now will account for.
 */
export type StaleSource = FactSource & { changed: number; marks: number[] };

export type { FactTotals, RankedValues } from './doraFactTotals';

type SourceRow = {
  service_ref: string;
  stage: string;
  hotfix_window_ms: number | string;
  changed: number | string;
  computed: number | string;
};

/**
 * The DORA facts of each service (migration 20261207100000_dora_facts.js):
 * kept with a counter that deployments raise and marks that versions add,
 * each in its own transaction; worked out again when either moved, and
 * added up per period in SQL.
 */
export class DoraFactStore {
  constructor(private readonly db: Knex) {}

  /**
   * Marks the facts of these services out of date: called in the
   * transaction of the deployments that finished in these stages.
   */
  async markChanged(stages: StageKey[]): Promise<void> {
    for (const chunk of chunks(uniqueKeys(stages), 500)) {
      const sources = () =>
        this.db('dora_fact_sources').whereIn(
          ['service_ref', 'stage'],
          chunk.map(({ service, stage }) => [service, stage]),
        );
      // One row needs no order.
      if (chunk.length > 1) await this.lock(sources());
      await sources().increment('changed', 1);
    }
  }

  /**
   * Locks source rows in the order of their services, as `save` does, so
   * that a batch of deployments and a save wait instead of deadlocking.
   * SQLite serialises writers already.
   */
  private async lock(sources: Knex.QueryBuilder) {
    if (this.isPostgres()) {
      await sources.orderBy('service_ref').forUpdate().select('service_ref');
    }
  }

  /** Marks the facts of a service out of date: a version of it was added. */
  async markServiceChanged(service: string): Promise<void> {
    await this.db('dora_fact_marks').insert({ service_ref: service });
  }

  /**
   * Which of these sources have facts out of date, or none: those get a
   * row (or have it set to the stage and window asked for) first, so that
   * every deployment that finishes from now on marks them.
   */
  async staleOf(sources: FactSource[]): Promise<StaleSource[]> {
    const rows = new Map<string, SourceRow>();
    const read = async (services: string[]) => {
      for (const chunk of chunks(services, 500)) {
        const found: SourceRow[] = await this.db('dora_fact_sources').whereIn(
          'service_ref',
          chunk,
        );
        for (const row of found) rows.set(row.service_ref, row);
      }
    };
    await read(sources.map(s => s.service));
    const missing = sources.filter(s => !rows.has(s.service));
    const moved = sources.filter(s => {
      const row = rows.get(s.service);
      return (
        row !== undefined &&
        (row.stage !== s.stage ||
          Number(row.hotfix_window_ms) !== s.hotfixWindowMs)
      );
    });
    for (const chunk of chunks(missing, 500)) {
      await this.db('dora_fact_sources')
        .insert(
          chunk.map(s => ({
            service_ref: s.service,
            stage: s.stage,
            hotfix_window_ms: s.hotfixWindowMs,
            changed: 1,
            computed: 0,
          })),
        )
        .onConflict('service_ref')
        .ignore();
    }
    for (const source of moved) {
      await this.db('dora_fact_sources')
        .where({ service_ref: source.service })
        .update({
          stage: source.stage,
          hotfix_window_ms: source.hotfixWindowMs,
          changed: this.db.raw('changed + 1'),
        });
    }
    if (missing.length + moved.length > 0) {
      await read([...missing, ...moved].map(s => s.service));
    }
    const marks = new Map<string, number[]>();
    for (const chunk of chunks(sources, 500)) {
      const found: { id: number | string; service_ref: string }[] =
        await this.db('dora_fact_marks').whereIn(
          'service_ref',
          chunk.map(s => s.service),
        );
      for (const mark of found) {
        marks.set(mark.service_ref, [
          ...(marks.get(mark.service_ref) ?? []),
          Number(mark.id),
        ]);
      }
    }
    return sources.flatMap(source => {
      const row = rows.get(source.service)!;
      const seen = marks.get(source.service) ?? [];
      const current =
        row.stage === source.stage &&
        Number(row.hotfix_window_ms) === source.hotfixWindowMs &&
        Number(row.computed) === Number(row.changed) &&
        seen.length === 0;
      return current
        ? []
        : [{ ...source, changed: Number(row.changed), marks: seen }];
    });
  }

  /**
   * Saves the facts worked out for these sources, each unless facts from a
   * later `changed` (or for another stage or window) were saved meanwhile;
   * with the same `changed`, facts that account for marks replace those
   * that did not. Marks of versions added meanwhile stay.
   */
  async save(
    worked: { source: StaleSource; facts: DoraFacts }[],
  ): Promise<void> {
    for (const chunk of chunks(worked, 100)) {
      await this.db.transaction(async trx => {
        await new DoraFactStore(trx).lock(
          trx('dora_fact_sources').whereIn(
            'service_ref',
            chunk.map(w => w.source.service),
          ),
        );
        const saved: string[] = [];
        for (const { source } of chunk) {
          const updated = await trx('dora_fact_sources')
            .where({
              service_ref: source.service,
              stage: source.stage,
              hotfix_window_ms: source.hotfixWindowMs,
            })
            .where(newer =>
              source.marks.length > 0
                ? newer.where('computed', '<=', source.changed)
                : newer.where('computed', '<', source.changed),
            )
            .update({ computed: source.changed });
          if (updated > 0) saved.push(source.service);
        }
        const seenMarks = chunk
          .filter(w => saved.includes(w.source.service))
          .flatMap(w => w.source.marks);
        for (const ids of chunks(seenMarks, 500)) {
          await trx('dora_fact_marks').whereIn('id', ids).delete();
        }
        if (saved.length === 0) return;
        await trx('dora_deployment_facts')
          .whereIn('service_ref', saved)
          .delete();
        await trx('dora_change_facts').whereIn('service_ref', saved).delete();
        await trx('dora_hourly_counts').whereIn('service_ref', saved).delete();
        const keep = new Set(saved);
        const facts = chunk.filter(w => keep.has(w.source.service));
        await trx.batchInsert(
          'dora_deployment_facts',
          facts.flatMap(w => w.facts.deployments.map(deploymentRow)),
          500,
        );
        await trx.batchInsert(
          'dora_change_facts',
          facts.flatMap(w => w.facts.changes.map(changeRow)),
          500,
        );
        await trx.batchInsert(
          'dora_hourly_counts',
          facts.flatMap(w => hourlyCounts(w.facts.deployments)),
          500,
        );
      });
    }
  }

  private isPostgres() {
    return this.db.client.config.client === 'pg';
  }

  /**
   * The facts of these services added up over a period cut into buckets
   * (`starts`: each bucket's start, the first the period's): the counts,
   * and the median and p90 (nearest rank) of each duration.
   */
  async addUp(
    services: string[],
    starts: number[],
    to: number,
  ): Promise<{ totals: FactTotals; buckets: FactTotals[] }> {
    return addUpFacts(this.db, services, starts, to);
  }
}

function deploymentRow(fact: DeploymentFact) {
  return {
    deployment_id: fact.id,
    service_ref: fact.service,
    finished_at: new Date(fact.finishedAt),
    ran: fact.ran,
    is_change: fact.isChange,
    failed: fact.failed,
    rework: fact.rework,
    recovery_ms: fact.recoveryMs ?? null,
  };
}

function changeRow(fact: ChangeFact) {
  return {
    change_id: Number(fact.id),
    service_ref: fact.service,
    arrived_at: new Date(fact.arrivedAt),
    from_commit_ms: fact.fromCommitMs ?? null,
    from_merge_ms: fact.fromMergeMs ?? null,
  };
}

/** The deployment facts of a service, counted per hour they finished in. */
function hourlyCounts(facts: DeploymentFact[]) {
  const hours = new Map<number, ReturnType<typeof countsOfHour>>();
  for (const fact of facts) {
    const hour = fact.finishedAt - (fact.finishedAt % HOUR_MS);
    const counts = hours.get(hour) ?? countsOfHour(fact.service, hour);
    counts.deployments++;
    if (fact.ran) counts.ran++;
    if (fact.isChange) counts.changes++;
    if (fact.isChange && fact.failed) counts.failed_changes++;
    if (fact.rework) counts.rework++;
    hours.set(hour, counts);
  }
  return [...hours.values()];
}

function countsOfHour(service: string, hour: number) {
  return {
    service_ref: service,
    hour: new Date(hour),
    deployments: 0,
    ran: 0,
    changes: 0,
    failed_changes: 0,
    rework: 0,
  };
}
