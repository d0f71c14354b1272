import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Ward, WardPopulation } from '@kiosk-pulse/contract';
import { InjectPool, foldForSearch } from '@kiosk-pulse/database';

interface WardRow extends Omit<Ward, 'population'> {
  population: number | null;
  population_60_plus: number | null;
  source: string | null;
  as_of: string | null;
}

const toWard = ({ population, population_60_plus, source, as_of, ...ward }: WardRow): Ward => ({
  ...ward,
  population: population
    ? { total: population, aged60Plus: population_60_plus, source: source as string, asOf: as_of as string }
    : null,
});

@Injectable()
export class WardsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /**
   * All wards, or those whose name (either language, accents folded) contains the query, or
   * whose code starts with it (a query of digits only).
   */
  async list(query?: string): Promise<Ward[]> {
    const folded = query ? foldForSearch(query.normalize('NFC')) : '';
    const code = /^\d{1,5}$/.test(folded) ? folded : '';
    const { rows } = await this.pool.query<WardRow>(
      `SELECT w.code, w.name, w.name_en AS "nameEn", w.kind, w.former_province AS "formerProvince",
              p.population, p.population_60_plus, p.source, p.as_of
       FROM wards AS w
       LEFT JOIN ward_populations AS p ON p.ward_code = w.code
       WHERE $1 = '' OR strpos(w.search_key, $1) > 0 OR ($2 <> '' AND starts_with(w.code, $2))
       ORDER BY w.code`,
      [folded, code],
    );
    return rows.map(toWard);
  }

  async exists(code: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM wards WHERE code = $1', [code]);
    return rowCount === 1;
  }

  async setPopulation(
    code: string,
    population: WardPopulation,
    updatedBy: string,
    db: Pool | PoolClient = this.pool,
  ): Promise<void> {
    await db.query(
      `INSERT INTO ward_populations (ward_code, population, population_60_plus, source, as_of, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ward_code) DO UPDATE SET
         population = excluded.population, population_60_plus = excluded.population_60_plus,
         source = excluded.source, as_of = excluded.as_of, updated_by = excluded.updated_by, updated_at = now()`,
      [code, population.total, population.aged60Plus, population.source, population.asOf, updatedBy],
    );
  }

  async clearPopulation(code: string, db: Pool | PoolClient = this.pool): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM ward_populations WHERE ward_code = $1', [code]);
    return rowCount === 1;
  }
}
