import { Knex } from 'knex';
import { readdirSync } from 'node:fs';
import { LEDGER_TABLES } from '../__testUtils__/ledger';
import { RELEASED_SCHEMAS } from '../__testUtils__/releasedSchemas';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { Ledger } from './Ledger';
import { migrationsDir } from './migrations';

jest.setTimeout(120_000);

const config = { directory: migrationsDir };
const GATE = '20261201000000_gate.js';

/** The rows of each ledger table that exists, by table. */
async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of LEDGER_TABLES) {
    if (await knex.schema.hasTable(table)) {
      const [{ count }] = await knex(table).count({ count: '*' });
      counts[table] = Number(count);
    }
  }
  return counts;
}

const pick = (counts: Record<string, number>, tables: string[]) =>
  Object.fromEntries(tables.map(table => [table, counts[table]]));

/**
 * Rolls back one migration at a time: each takes its own tables with it
 * and leaves the rows of every other table. Rolling back the gate keeps one
 * CI delivery per id, as deliveries were unique per id before it.
 */
async function rollBackOneAtATime(knex: Knex) {
  for (;;) {
    const [completed]: [{ name: string }[]] = await knex.migrate.list(config);
    const last = completed.at(-1)?.name;
    if (!last) return;
    const expected = await rowCounts(knex);
    if (last === GATE) {
      const [{ count }] = await knex('ingestion_deliveries').countDistinct({
        count: 'delivery_id',
      });
      expected.ingestion_deliveries = Number(count);
    }
    await knex.migrate.down(config);
    const remaining = await rowCounts(knex);
    expect({ [last]: remaining }).toEqual({
      [last]: pick(expected, Object.keys(remaining)),
    });
  }
}

describe('upgrading the ledger from a released schema', () => {
  const databases = createLedgerTestDatabases();

  it('knows what users of every migration wrote', () => {
    const files = readdirSync(migrationsDir).filter(f => f.endsWith('.js'));
    expect(RELEASED_SCHEMAS.map(s => s.migration)).toEqual(files.sort());
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it.each(RELEASED_SCHEMAS.map((schema, index) => [schema.migration, index]))(
      'keeps what users up to %s wrote, then rolls back to nothing',
      async (migration, index) => {
        const knex = await databases.init(databaseId);
        // A user who ran each release up to this one, writing with each.
        const used = RELEASED_SCHEMAS.slice(0, Number(index) + 1);
        for (const schema of used) {
          await knex.migrate.up(config);
          await schema.write(knex);
        }
        expect(await knex.migrate.currentVersion(config)).toBe(
          String(migration).split('_')[0],
        );

        const written = await rowCounts(knex);
        await knex.migrate.latest(config);
        const upgraded = await rowCounts(knex);
        expect(Object.keys(upgraded)).toEqual([...LEDGER_TABLES]);
        expect(pick(upgraded, Object.keys(written))).toEqual(written);
        const ledger = new Ledger(knex);
        for (const schema of used) {
          await schema.check(ledger);
        }

        await rollBackOneAtATime(knex);
        expect(await rowCounts(knex)).toEqual({});
        expect(await knex('knex_migrations').pluck('name')).toEqual([]);

        // The rolled-back database upgrades again to a working ledger.
        await knex.migrate.latest(config);
        expect(await new Ledger(knex).deployments.isEmpty()).toBe(true);
        expect(Object.keys(await rowCounts(knex))).toEqual([...LEDGER_TABLES]);
        await knex.destroy();
      },
    );
  });
});
