import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Pool } from 'pg';
import { projectRoot } from './project-root';
import { transaction } from './transaction';

/** The name the shipped populations are recorded under in shipped_datasets. */
export const SHIPPED_POPULATIONS = 'hcmc-ward-population';
/** Who entered the shipped figures, as ward_populations.updated_by names them. */
export const SHIPPED_BY = 'kiosk-pulse';
/** Where the shipped figures come from, and the date they describe (libs/database/seed/SOURCES.md). */
export const SHIPPED_POPULATION_SOURCE =
  'Bản đồ đơn vị hành chính Việt Nam (sapnhap.bando.com.vn), số liệu Bộ Nội vụ khi sắp xếp đơn vị hành chính 2025';
export const SHIPPED_POPULATION_AS_OF = '2024-12-31';
/** The schema version (migration 0022) from which databases, and so backups, hold the shipped figures. */
export const SHIPPED_POPULATIONS_SINCE = 22;

interface PopulationRow {
  code: string;
  name: string;
  population: string;
  area_km2: string;
}

export function loadShippedPopulations(): { code: string; population: number }[] {
  const csv = readFileSync(join(projectRoot(), 'libs', 'database', 'seed', 'hcmc-ward-population.csv'), 'utf8');
  const rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as PopulationRow[];
  return rows.map((row) => ({ code: row.code, population: Number(row.population) }));
}

/**
 * Loads the 168 wards' official populations once per database, after the wards: the dataset is
 * recorded in shipped_datasets in the same transaction, so a figure an admin removed or replaced
 * later is not put back at the next start. A figure an admin entered for the same ward and date
 * first is kept. Returns the figures added (0 once loaded).
 */
export async function seedShippedPopulations(pool: Pool): Promise<number> {
  return transaction(pool, async (db) => {
    const { rowCount } = await db.query(
      'INSERT INTO shipped_datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING',
      [SHIPPED_POPULATIONS],
    );
    if (rowCount !== 1) return 0;
    const rows = loadShippedPopulations();
    const added = await db.query(
      `INSERT INTO ward_populations (ward_code, population, source, as_of, updated_by)
       SELECT code, population, $3, $4, $5 FROM unnest($1::text[], $2::integer[]) AS row (code, population)
       ON CONFLICT (ward_code, as_of) DO NOTHING`,
      [
        rows.map((row) => row.code),
        rows.map((row) => row.population),
        SHIPPED_POPULATION_SOURCE,
        SHIPPED_POPULATION_AS_OF,
        SHIPPED_BY,
      ],
    );
    return added.rowCount ?? 0;
  });
}

/** Records the shipped populations as loaded without loading them: a restored backup holds them as they were. */
export async function markShippedPopulationsLoaded(pool: Pool): Promise<void> {
  await pool.query('INSERT INTO shipped_datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
    SHIPPED_POPULATIONS,
  ]);
}
