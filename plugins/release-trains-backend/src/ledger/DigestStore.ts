import { Knex } from 'knex';
import { chunks } from './deploymentRows';

/** The weekly digests the owners were sent, one per owner and week. */
export class DigestStore {
  constructor(private readonly db: Knex) {}

  /** Which of these owners' digests of the week are recorded already. */
  async recorded(weekStart: string, owners: string[]): Promise<Set<string>> {
    const recorded = new Set<string>();
    for (const chunk of chunks(owners, 500)) {
      const rows: { owner_ref: string }[] = await this.db('weekly_digests')
        .where('week_start', weekStart)
        .whereIn('owner_ref', chunk)
        .select('owner_ref');
      for (const row of rows) recorded.add(row.owner_ref);
    }
    return recorded;
  }

  /**
   * Records the owner's digest of the week: true for whoever records it
   * first (and so sends it), false for every later run and other replica.
   */
  async record(digest: {
    owner: string;
    weekStart: string;
    sent: boolean;
    at: Date;
  }): Promise<boolean> {
    const inserted = await this.db('weekly_digests')
      .insert({
        owner_ref: digest.owner,
        week_start: digest.weekStart,
        sent: digest.sent,
        recorded_at: digest.at,
      })
      .onConflict(['owner_ref', 'week_start'])
      .ignore()
      .returning('owner_ref');
    return inserted.length > 0;
  }

  /** Forgets a digest that could not be sent, so that a later run sends it. */
  async forget(owner: string, weekStart: string): Promise<void> {
    await this.db('weekly_digests')
      .where({ owner_ref: owner, week_start: weekStart })
      .delete();
  }
}
