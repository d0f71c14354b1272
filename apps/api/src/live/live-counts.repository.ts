import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Outcome, Totals } from '@kiosk-pulse/contract';
import { InjectPool } from '@kiosk-pulse/database';
import { FIGURE_SUMS, figuresFromColumns, type FigureColumns } from '../stats/figures';
import { OUTCOME_COUNTS } from '../stats/outcomes';

/** What one push of the live counts reads: the totals, by guide, and the outcomes. */
export interface LiveFigures extends Totals {
  byOutcome: Record<Outcome, number>;
}

/*
 * A city day's figures and outcomes [$1, $2), of the city ($3 null) or ward $3, in one statement:
 * each push (and each new subscriber's snapshot) is one round trip to the database, not two.
 * Each side is an aggregate without GROUP BY, so each gives exactly one row, and so does their
 * cross join.
 *
 * Read from the hourly tiers, not the daily ones the stats API reads whole days from: the daily
 * tiers never hold today (their refresh stops a day back), so for today their real-time branch
 * re-sums the same hourly rows, bucketing each by city day. The city's figures come from
 * city_hourly_figures, a row an hour, instead of a row per ward and hour. Same counts (all
 * tiers are real-time); about half the time for the city (docs/benchmarks.md).
 */
const liveCountsSql = (figures: string) => `
  WITH figures AS (SELECT ${FIGURE_SUMS} FROM ${figures}),
  outcomes AS (${OUTCOME_COUNTS.sql.hourly})
  SELECT * FROM figures CROSS JOIN outcomes`;
const CITY_SQL = liveCountsSql('city_hourly_figures WHERE bucket >= $1 AND bucket < $2 AND $3::text IS NULL');
const WARD_SQL = liveCountsSql('ward_hourly_figures WHERE bucket >= $1 AND bucket < $2 AND ward_code = $3');

@Injectable()
export class LiveCountsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /**
   * The figures and outcomes of the city day [dayStart, nextDayStart) (whole hours), of the
   * city (no ward) or one ward. No age split: people reached is only their total.
   */
  async dayCounts(dayStart: Date, nextDayStart: Date, wardCode: string | undefined): Promise<LiveFigures> {
    const { rows } = await this.pool.query<FigureColumns>(wardCode === undefined ? CITY_SQL : WARD_SQL, [
      dayStart,
      nextDayStart,
      wardCode ?? null,
    ]);
    const { guidesCompleted, accountsRegistered, peopleReached, byGuide } = figuresFromColumns(rows[0]);
    return { guidesCompleted, accountsRegistered, peopleReached, byGuide, byOutcome: OUTCOME_COUNTS.fromRow(rows[0]) };
  }
}
