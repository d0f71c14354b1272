import { OUTCOMES, type Outcome } from '@kiosk-pulse/contract';
import type { CountSource } from './count-source';

/*
 * The city's outcomes (migration 0018) over [$1, $2), for the city ($3 null) or ward $3. Whole
 * city days come from ward_daily_outcomes, whole hours from ward_hourly_outcomes; a range cut
 * mid-hour counts raw events. Built from the fixed OUTCOMES names only.
 */
const column = (outcome: Outcome) => `outcome_${outcome}`;
const SUMS = OUTCOMES.map((outcome) => `coalesce(sum(${column(outcome)}), 0)::bigint AS ${column(outcome)}`).join(
  ',\n',
);
const COUNTS = OUTCOMES.map(
  (outcome) => `count(*) FILTER (WHERE outcome = '${outcome}')::bigint AS ${column(outcome)}`,
).join(',\n');
const WARD = '($3::text IS NULL OR ward_code = $3)';

export const OUTCOMES_SQL: Record<CountSource, string> = {
  daily: `SELECT ${SUMS} FROM ward_daily_outcomes WHERE bucket >= $1 AND bucket < $2 AND ${WARD}`,
  hourly: `SELECT ${SUMS} FROM ward_hourly_outcomes WHERE bucket >= $1 AND bucket < $2 AND ${WARD}`,
  raw: `SELECT ${COUNTS} FROM events
        WHERE occurred_at >= $1 AND occurred_at < $2 AND outcome IS NOT NULL AND ${WARD}`,
};

/** Each outcome's count in a row of OUTCOMES_SQL (a missing row counts as zero). */
export const outcomesFromRow = (row: Record<string, number> | undefined): Record<Outcome, number> =>
  Object.fromEntries(OUTCOMES.map((outcome) => [outcome, row?.[column(outcome)] ?? 0])) as Record<Outcome, number>;
