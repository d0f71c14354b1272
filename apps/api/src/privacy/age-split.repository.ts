import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { addCityDays, type AgeGroup, type Guide } from '@kiosk-pulse/contract';
import { InjectPool, transaction } from '@kiosk-pulse/database';

/** The funnel's steps, as the funnel_split_cells table names them. */
export const STEPS = ['started', 'completed', 'abandoned'] as const;
export type Step = (typeof STEPS)[number];

/** What a period is published from: its people reached per ward and age group, and the city's guide steps. */
export interface PeriodCounts {
  /** The period's first city day. */
  period: string;
  /** ward code → age group → people reached. */
  reached: Map<string, Map<AgeGroup, number>>;
  /** guide → step → age group → count. */
  steps: Map<Guide, Map<Step, Map<AgeGroup, number>>>;
}

/** One stored cell, ready to insert. */
export interface SplitCell {
  period: string;
  people: number;
  hidden: boolean;
}

export interface WardCell extends SplitCell {
  wardCode: string;
  ageGroup: AgeGroup;
}

export interface FunnelCell extends SplitCell {
  guide: Guide;
  step: Step;
  ageGroup: AgeGroup;
}

/** A range's sum of one cell: the people its periods showed, and whether any period hid it. */
export interface SplitSum {
  shown: number;
  hidden: boolean;
  /** Every person in the cell, shown or not: only for the split's total, never published per cell. */
  people: number;
}

/** How long a period of an age split is: a city day or a city week (Monday to Sunday). */
export type SplitPeriod = 'day' | 'week';

/*
 * A period is published from the events themselves, not the aggregates: a late event sits below
 * an aggregate's watermark until the refresher takes it in, and a publication is final. The
 * periods are those starting in [$1, $2), in the city's time; the SQL is one of two fixed texts.
 */
const periodCountsSql = (period: SplitPeriod) => `
  SELECT to_char(date_trunc('${period}', occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') AS period,
         ward_code, type, guide, coalesce(age_group, 'unknown') AS age_group, count(*)::int AS people
  FROM events
  WHERE occurred_at >= $1 AND occurred_at < $2
    AND type IN ('visit_started', 'guide_started', 'guide_completed', 'guide_abandoned')
  GROUP BY 1, 2, 3, 4, 5`;

const PUBLISHED_PERIODS_SQL = `
  SELECT to_char(period_start, 'YYYY-MM-DD') AS period FROM age_split_periods
  WHERE rule = $1 AND period_start >= $2::date AND period_start < $3::date`;

/* A ward's ($4), or with $4 null the city's, people per age group over the published periods starting in [$2, $3). */
const WARD_SPLIT_SQL = `
  SELECT age_group, coalesce(sum(people) FILTER (WHERE NOT hidden), 0)::int AS shown,
         bool_or(hidden) AS hidden, sum(people)::int AS people
  FROM age_split_cells
  WHERE rule = $1 AND period_start >= $2::date AND period_start < $3::date AND ($4::text IS NULL OR ward_code = $4)
  GROUP BY age_group`;

/* Every ward's people per age group over the published periods starting in [$2, $3). */
const WARDS_SPLIT_SQL = `
  SELECT ward_code, age_group, coalesce(sum(people) FILTER (WHERE NOT hidden), 0)::int AS shown,
         bool_or(hidden) AS hidden, sum(people)::int AS people
  FROM age_split_cells
  WHERE rule = $1 AND period_start >= $2::date AND period_start < $3::date
  GROUP BY ward_code, age_group`;

/* Every ward's people aged 60+ over the published periods starting in [$2, $3). */
const SIXTY_PLUS_SQL = `
  SELECT ward_code, coalesce(sum(people) FILTER (WHERE NOT hidden), 0)::int AS shown,
         bool_or(hidden) AS hidden, sum(people)::int AS people
  FROM age_split_cells
  WHERE rule = $1 AND period_start >= $2::date AND period_start < $3::date AND age_group IN ('60_64', '65_74', '75_plus')
  GROUP BY ward_code`;

/* The city's guide steps per age group over the published periods starting in [$2, $3). */
const FUNNEL_SPLIT_SQL = `
  SELECT guide, step, age_group, coalesce(sum(people) FILTER (WHERE NOT hidden), 0)::int AS shown,
         bool_or(hidden) AS hidden, sum(people)::int AS people
  FROM funnel_split_cells
  WHERE rule = $1 AND period_start >= $2::date AND period_start < $3::date
  GROUP BY guide, step, age_group`;

const sum = (row: { shown: number; hidden: boolean; people: number }): SplitSum => ({
  shown: row.shown,
  hidden: row.hidden,
  people: row.people,
});

/** The stored, published age splits (migration 0014), and the counts a period is published from. */
@Injectable()
export class AgeSplitRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** When the oldest stored event happened; null when there is none. */
  async oldestEvent(): Promise<Date | null> {
    const { rows } = await this.pool.query<{ at: Date | null }>('SELECT min(occurred_at) AS at FROM events');
    return rows[0].at;
  }

  /** Every rule something was published under. */
  async rules(): Promise<string[]> {
    const { rows } = await this.pool.query<{ rule: string }>(
      'SELECT DISTINCT rule FROM age_split_periods ORDER BY rule',
    );
    return rows.map((row) => row.rule);
  }

  /** The periods starting in [from, to) (city days) already published under `rule`. */
  async publishedPeriods(rule: string, from: string, to: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ period: string }>(PUBLISHED_PERIODS_SQL, [rule, from, to]);
    return new Set(rows.map((row) => row.period));
  }

  /**
   * Publishes the periods `periods` (each of length `length`) under `rule`: `cells` works out a
   * period's stored cells from its counts. One publisher at a time (an advisory lock), and a
   * period another one published meanwhile is left as it is: a period is published once.
   */
  async publish(
    rule: string,
    length: SplitPeriod,
    periods: { period: string; start: Date; end: Date }[],
    cells: (counts: PeriodCounts) => { wards: WardCell[]; funnel: FunnelCell[] },
  ): Promise<void> {
    if (periods.length === 0) return;
    await transaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`age_split:${rule}`]);
      const first = periods[0];
      const last = periods[periods.length - 1];
      const { rows: done } = await client.query<{ period: string }>(PUBLISHED_PERIODS_SQL, [
        rule,
        first.period,
        addCityDays(last.period, 1),
      ]);
      const published = new Set(done.map((row) => row.period));
      const todo = periods.filter((period) => !published.has(period.period));
      if (todo.length === 0) return;
      const counts = await this.periodCounts(client, length, todo);
      const wardCells: WardCell[] = [];
      const funnelCells: FunnelCell[] = [];
      for (const { period } of todo) {
        const made = cells(counts.get(period) ?? { period, reached: new Map(), steps: new Map() });
        wardCells.push(...made.wards);
        funnelCells.push(...made.funnel);
      }
      await client.query('INSERT INTO age_split_periods (rule, period_start) SELECT $1, unnest($2::date[])', [
        rule,
        todo.map((period) => period.period),
      ]);
      await client.query(
        `INSERT INTO age_split_cells (rule, period_start, ward_code, age_group, people, hidden)
         SELECT $1, * FROM unnest($2::date[], $3::text[], $4::age_group[], $5::int[], $6::bool[])`,
        [
          rule,
          wardCells.map((cell) => cell.period),
          wardCells.map((cell) => cell.wardCode),
          wardCells.map((cell) => cell.ageGroup),
          wardCells.map((cell) => cell.people),
          wardCells.map((cell) => cell.hidden),
        ],
      );
      await client.query(
        `INSERT INTO funnel_split_cells (rule, period_start, guide, step, age_group, people, hidden)
         SELECT $1, * FROM unnest($2::date[], $3::guide[], $4::text[], $5::age_group[], $6::int[], $7::bool[])`,
        [
          rule,
          funnelCells.map((cell) => cell.period),
          funnelCells.map((cell) => cell.guide),
          funnelCells.map((cell) => cell.step),
          funnelCells.map((cell) => cell.ageGroup),
          funnelCells.map((cell) => cell.people),
          funnelCells.map((cell) => cell.hidden),
        ],
      );
    });
  }

  /** A ward's (or the city's) people per age group over the published periods starting in [from, to). */
  async wardSplit(
    rule: string,
    from: string,
    to: string,
    wardCode: string | undefined,
  ): Promise<Map<AgeGroup, SplitSum>> {
    const { rows } = await this.pool.query<{ age_group: AgeGroup; shown: number; hidden: boolean; people: number }>(
      WARD_SPLIT_SQL,
      [rule, from, to, wardCode ?? null],
    );
    return new Map(rows.map((row) => [row.age_group, sum(row)]));
  }

  /** Every ward's people per age group over the published periods starting in [from, to); wards without any are left out. */
  async wardsSplit(rule: string, from: string, to: string): Promise<Map<string, Map<AgeGroup, SplitSum>>> {
    const { rows } = await this.pool.query<{
      ward_code: string;
      age_group: AgeGroup;
      shown: number;
      hidden: boolean;
      people: number;
    }>(WARDS_SPLIT_SQL, [rule, from, to]);
    const byWard = new Map<string, Map<AgeGroup, SplitSum>>();
    for (const row of rows) {
      const ward = byWard.get(row.ward_code) ?? new Map<AgeGroup, SplitSum>();
      byWard.set(row.ward_code, ward.set(row.age_group, sum(row)));
    }
    return byWard;
  }

  /** Every ward's people aged 60+ over the published periods starting in [from, to); wards without any are left out. */
  async sixtyPlus(rule: string, from: string, to: string): Promise<Map<string, SplitSum>> {
    const { rows } = await this.pool.query<{ ward_code: string; shown: number; hidden: boolean; people: number }>(
      SIXTY_PLUS_SQL,
      [rule, from, to],
    );
    return new Map(rows.map((row) => [row.ward_code, sum(row)]));
  }

  /** The city's guide steps per age group over the published periods starting in [from, to), keyed guide/step/age group. */
  async funnelSplit(rule: string, from: string, to: string): Promise<Map<string, SplitSum>> {
    const { rows } = await this.pool.query<{
      guide: Guide;
      step: Step;
      age_group: AgeGroup;
      shown: number;
      hidden: boolean;
      people: number;
    }>(FUNNEL_SPLIT_SQL, [rule, from, to]);
    return new Map(rows.map((row) => [funnelKey(row.guide, row.step, row.age_group), sum(row)]));
  }

  private async periodCounts(
    client: PoolClient,
    length: SplitPeriod,
    periods: { period: string; start: Date; end: Date }[],
  ): Promise<Map<string, PeriodCounts>> {
    const { rows } = await client.query<{
      period: string;
      ward_code: string;
      type: string;
      guide: Guide | null;
      age_group: AgeGroup;
      people: number;
    }>(periodCountsSql(length), [periods[0].start, periods[periods.length - 1].end]);
    const counts = new Map<string, PeriodCounts>();
    for (const row of rows) {
      let period = counts.get(row.period);
      if (!period) counts.set(row.period, (period = { period: row.period, reached: new Map(), steps: new Map() }));
      if (row.type === 'visit_started') {
        const ward = period.reached.get(row.ward_code) ?? new Map<AgeGroup, number>();
        period.reached.set(row.ward_code, ward);
        ward.set(row.age_group, (ward.get(row.age_group) ?? 0) + row.people);
      } else if (row.guide !== null) {
        const step = row.type.slice('guide_'.length) as Step;
        const guide = period.steps.get(row.guide) ?? new Map<Step, Map<AgeGroup, number>>();
        period.steps.set(row.guide, guide);
        const ages = guide.get(step) ?? new Map<AgeGroup, number>();
        guide.set(step, ages);
        ages.set(row.age_group, (ages.get(row.age_group) ?? 0) + row.people);
      }
    }
    return counts;
  }
}

export const funnelKey = (guide: Guide, step: Step, ageGroup: AgeGroup): string => `${guide}/${step}/${ageGroup}`;
