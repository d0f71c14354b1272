import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { cityDay, type Ward, type WardPopulation } from '@kiosk-pulse/contract';
import { InjectPool, foldForSearch } from '@kiosk-pulse/database';
import {
  POPULATION_COLUMNS,
  populationsInForce,
  wardPopulation,
  type PopulationColumns,
} from './populations.repository';

type WardRow = Omit<Ward, 'population'> & PopulationColumns;

const toWard = (row: WardRow): Ward => ({
  code: row.code,
  name: row.name,
  nameEn: row.nameEn,
  kind: row.kind,
  formerProvince: row.formerProvince,
  population: wardPopulation(row),
});

@Injectable()
export class WardsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /**
   * All wards, or those whose name (either language, accents folded) contains the query, or
   * whose code starts with it (a query of digits only), each with its population in force today.
   */
  async list(query?: string, now: Date = new Date()): Promise<Ward[]> {
    const folded = query ? foldForSearch(query.normalize('NFC')) : '';
    const code = /^\d{1,5}$/.test(folded) ? folded : '';
    const { rows } = await this.pool.query<WardRow>(
      `SELECT w.code, w.name, w.name_en AS "nameEn", w.kind, w.former_province AS "formerProvince",
              ${POPULATION_COLUMNS}
       FROM wards AS w
       ${populationsInForce('w.code', '$3::date')}
       WHERE $1 = '' OR strpos(w.search_key, $1) > 0 OR ($2 <> '' AND starts_with(w.code, $2))
       ORDER BY w.code`,
      [folded, code, cityDay(now)],
    );
    return rows.map(toWard);
  }

  async exists(code: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM wards WHERE code = $1', [code]);
    return rowCount === 1;
  }

  /**
   * Records a ward's residents (and those aged 60+) as of a date: a figure of another date is
   * added to the history, one of the same date replaced.
   */
  async setPopulation(
    code: string,
    population: WardPopulationInput,
    updatedBy: string,
    db: Pool | PoolClient = this.pool,
  ): Promise<void> {
    await db.query(
      `INSERT INTO ward_populations
         (ward_code, population, population_60_plus, source, as_of, updated_by, estimate, population_60_plus_estimate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (ward_code, as_of) DO UPDATE SET
         population = excluded.population, population_60_plus = excluded.population_60_plus,
         source = excluded.source, updated_by = excluded.updated_by, updated_at = now(),
         estimate = excluded.estimate, population_60_plus_estimate = excluded.population_60_plus_estimate`,
      [
        code,
        population.total,
        population.aged60Plus,
        population.source,
        population.asOf,
        updatedBy,
        population.estimate,
        population.aged60PlusEstimate,
      ],
    );
  }

  /** Removes every residents' figure of the ward (and the 60+ figures beside them): no rate is shown. */
  async clearPopulation(code: string, db: Pool | PoolClient = this.pool): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM ward_populations WHERE ward_code = $1', [code]);
    return (rowCount ?? 0) > 0;
  }
}

/** What PUT /api/v1/wards/:code/population takes, its defaults filled in. */
export interface WardPopulationInput extends Pick<WardPopulation, 'total' | 'aged60Plus' | 'source' | 'asOf'> {
  estimate: boolean;
  aged60PlusEstimate: boolean;
}
