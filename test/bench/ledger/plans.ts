/*
 * The plans of the statements each read issued, by EXPLAIN (ANALYZE,
 * BUFFERS) on the loaded database: what docs/benchmarks.md records.
 */
import type { Pool } from 'pg';
import type { ReadFigures } from './reads.ts';

export async function plansOf(
  pool: Pool,
  reads: ReadFigures[],
): Promise<string> {
  const sections: string[] = [];
  for (const read of reads) {
    sections.push(`## ${read.name}\n`);
    for (const statement of read.example) {
      if (!/^\s*(select|with)\b/i.test(statement.sql)) continue;
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${statement.sql}`,
        statement.bindings,
      );
      sections.push(
        `${statement.sql}\n${JSON.stringify(statement.bindings).slice(
          0,
          300,
        )}\n${rows.map(row => row['QUERY PLAN']).join('\n')}\n`,
      );
    }
  }
  return sections.join('\n');
}
