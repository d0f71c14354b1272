import type { Pool } from 'pg';

/** Every row of each table as text, sorted: what a backup must bring back unchanged. */
export async function tableContents(pool: Pool, tables: readonly string[]): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const table of tables) {
    // The names are the test's own constants, never input.
    const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} AS t ORDER BY 1`);
    all[table] = rows.map((row) => row.row);
  }
  return all;
}
