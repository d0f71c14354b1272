import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { PopulationFigure, PopulationGroup, WardPopulation } from '@kiosk-pulse/contract';
import { InjectPool, SHIPPED_BY } from '@kiosk-pulse/database';

/*
 * A ward's populations keep their history: residents in ward_populations (with the 60+ figure
 * entered beside them, sharing their source and date), adults 18+ and people 60+ entered apart in
 * group_populations. Of each group, the figure used for a day is the one in force then: the latest
 * dated on or before it; before the oldest figure, the oldest (the best there is).
 */

/** Orders a ward's figures so that the one in force on city day `day` (a SQL expression) comes first. */
const inForceFirst = (day: string) =>
  `ORDER BY as_of <= ${day} DESC, CASE WHEN as_of <= ${day} THEN as_of END DESC, as_of`;

/**
 * LATERAL joins giving ward `ward`'s figures in force on city day `day` (SQL expressions, say
 * `w.code` and `$4::date`), read with POPULATION_COLUMNS. Of two 60+ figures of the same date, the
 * one entered apart wins over the one entered beside the residents'.
 */
export const populationsInForce = (ward: string, day: string): string => `
  LEFT JOIN LATERAL (
    SELECT population, estimate, source, as_of FROM ward_populations WHERE ward_code = ${ward}
    ${inForceFirst(day)} LIMIT 1
  ) AS residents ON true
  LEFT JOIN LATERAL (
    SELECT population, estimate, source, as_of FROM (
      SELECT population_60_plus AS population, population_60_plus_estimate AS estimate, source, as_of, 1 AS rank
      FROM ward_populations WHERE ward_code = ${ward} AND population_60_plus IS NOT NULL
      UNION ALL
      SELECT population, estimate, source, as_of, 0 AS rank
      FROM group_populations WHERE ward_code = ${ward} AND population_group = 'aged_60_plus'
    ) AS figures
    ${inForceFirst(day)}, rank LIMIT 1
  ) AS aged_60_plus ON true
  LEFT JOIN LATERAL (
    SELECT population, estimate, source, as_of FROM group_populations
    WHERE ward_code = ${ward} AND population_group = 'adults_18_plus'
    ${inForceFirst(day)} LIMIT 1
  ) AS adults ON true`;

export const POPULATION_COLUMNS = `
  residents.population, residents.source, residents.as_of, residents.estimate,
  aged_60_plus.population AS population_60_plus, aged_60_plus.estimate AS population_60_plus_estimate,
  aged_60_plus.source AS population_60_plus_source, aged_60_plus.as_of AS population_60_plus_as_of,
  adults.population AS population_18_plus, adults.estimate AS population_18_plus_estimate,
  adults.source AS population_18_plus_source, adults.as_of AS population_18_plus_as_of`;

/** What POPULATION_COLUMNS reads; the fields after `as_of` are optional for rows made by hand (tests). */
export interface PopulationColumns {
  population: number | null;
  population_60_plus: number | null;
  source: string | null;
  as_of: string | null;
  estimate?: boolean | null;
  population_60_plus_estimate?: boolean | null;
  population_60_plus_source?: string | null;
  population_60_plus_as_of?: string | null;
  population_18_plus?: number | null;
  population_18_plus_estimate?: boolean | null;
  population_18_plus_source?: string | null;
  population_18_plus_as_of?: string | null;
}

/** The population of a row of POPULATION_COLUMNS: null without a residents' figure. */
export function wardPopulation(row: PopulationColumns): WardPopulation | null {
  if (!row.population) return null;
  const population: WardPopulation = {
    total: row.population,
    aged60Plus: row.population_60_plus,
    source: row.source as string,
    asOf: row.as_of as string,
  };
  if (row.estimate) population.estimate = true;
  const own60PlusSource =
    row.population_60_plus_source !== undefined &&
    (row.population_60_plus_source !== row.source || row.population_60_plus_as_of !== row.as_of);
  if (row.population_60_plus !== null && (row.population_60_plus_estimate || own60PlusSource)) {
    population.aged60PlusSource = {
      source: row.population_60_plus_source as string,
      asOf: row.population_60_plus_as_of as string,
      ...(row.population_60_plus_estimate ? { estimate: true as const } : {}),
    };
  }
  if (row.population_18_plus) {
    population.adults18Plus = {
      total: row.population_18_plus,
      source: row.population_18_plus_source as string,
      asOf: row.population_18_plus_as_of as string,
      ...(row.population_18_plus_estimate ? { estimate: true as const } : {}),
    };
  }
  return population;
}

const GROUP_SQL: Record<Exclude<PopulationGroup, 'residents'>, string> = {
  adults18Plus: 'adults_18_plus',
  aged60Plus: 'aged_60_plus',
};

/** One figure, as POST /api/v1/wards/:code/populations takes it. */
export interface NewFigure {
  group: PopulationGroup;
  population: number;
  source: string;
  asOf: string;
  estimate: boolean;
}

type Db = Pool | PoolClient;

/** Every figure of a ward, by group, newest first, each with the day the next one takes over. */
const HISTORY_SQL = `
  WITH figures AS (
    SELECT 'residents' AS grp, population, source, as_of, estimate, updated_by, updated_at
    FROM ward_populations WHERE ward_code = $1
    UNION ALL
    SELECT 'aged60Plus', population_60_plus, source, as_of, population_60_plus_estimate, updated_by, updated_at
    FROM ward_populations WHERE ward_code = $1 AND population_60_plus IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM group_populations AS g WHERE g.ward_code = $1
                      AND g.population_group = 'aged_60_plus' AND g.as_of = ward_populations.as_of)
    UNION ALL
    SELECT CASE population_group WHEN 'adults_18_plus' THEN 'adults18Plus' ELSE 'aged60Plus' END,
           population, source, as_of, estimate, updated_by, updated_at
    FROM group_populations WHERE ward_code = $1
  )
  SELECT grp AS "group", population, source, as_of AS "asOf",
         lead(as_of) OVER (PARTITION BY grp ORDER BY as_of) AS until,
         estimate, updated_by AS "updatedBy", updated_at AS "updatedAt"
  FROM figures
  ORDER BY array_position(ARRAY['residents', 'adults18Plus', 'aged60Plus'], grp), as_of DESC`;

@Injectable()
export class PopulationsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async history(wardCode: string): Promise<PopulationFigure[]> {
    const { rows } = await this.pool.query<Omit<PopulationFigure, 'shipped' | 'updatedAt'> & { updatedAt: Date }>(
      HISTORY_SQL,
      [wardCode],
    );
    return rows.map((row) => ({
      ...row,
      shipped: row.updatedBy === SHIPPED_BY,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /**
   * Adds a figure to the ward's history, or replaces the one of the same group and date (a
   * correction). A residents' figure replacing one keeps the 60+ figure entered beside it.
   * Returns the figure it replaced, if any.
   */
  async add(
    wardCode: string,
    figure: NewFigure,
    updatedBy: string,
    db: Db = this.pool,
  ): Promise<{ population: number; source: string; estimate: boolean } | null> {
    const params = [wardCode, figure.population, figure.source, figure.asOf, figure.estimate, updatedBy];
    const { rows } =
      figure.group === 'residents'
        ? await db.query<{ population: number; source: string; estimate: boolean }>(
            `SELECT population, source, estimate FROM ward_populations WHERE ward_code = $1 AND as_of = $2 FOR UPDATE`,
            [wardCode, figure.asOf],
          )
        : await db.query<{ population: number; source: string; estimate: boolean }>(
            `SELECT population, source, estimate FROM group_populations
             WHERE ward_code = $1 AND population_group = $2 AND as_of = $3 FOR UPDATE`,
            [wardCode, GROUP_SQL[figure.group], figure.asOf],
          );
    if (figure.group === 'residents') {
      await db.query(
        `INSERT INTO ward_populations (ward_code, population, source, as_of, estimate, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (ward_code, as_of) DO UPDATE SET
           population = excluded.population, source = excluded.source, estimate = excluded.estimate,
           updated_by = excluded.updated_by, updated_at = now()`,
        params,
      );
    } else {
      await db.query(
        `INSERT INTO group_populations (ward_code, population, source, as_of, estimate, updated_by, population_group)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ward_code, population_group, as_of) DO UPDATE SET
           population = excluded.population, source = excluded.source, estimate = excluded.estimate,
           updated_by = excluded.updated_by, updated_at = now()`,
        [...params, GROUP_SQL[figure.group]],
      );
    }
    return rows[0] ?? null;
  }

  /**
   * Removes one figure: a residents' one with the 60+ figure entered beside it; a 60+ one entered
   * apart, or else the one entered beside the residents' figure of that date. False when there is none.
   */
  async remove(wardCode: string, group: PopulationGroup, asOf: string, db: Db = this.pool): Promise<boolean> {
    if (group === 'residents') {
      const { rowCount } = await db.query('DELETE FROM ward_populations WHERE ward_code = $1 AND as_of = $2', [
        wardCode,
        asOf,
      ]);
      return rowCount === 1;
    }
    const { rowCount } = await db.query(
      'DELETE FROM group_populations WHERE ward_code = $1 AND population_group = $2 AND as_of = $3',
      [wardCode, GROUP_SQL[group], asOf],
    );
    if (rowCount === 1 || group !== 'aged60Plus') return rowCount === 1;
    const beside = await db.query(
      `UPDATE ward_populations SET population_60_plus = NULL, population_60_plus_estimate = false
       WHERE ward_code = $1 AND as_of = $2 AND population_60_plus IS NOT NULL`,
      [wardCode, asOf],
    );
    return beside.rowCount === 1;
  }
}
