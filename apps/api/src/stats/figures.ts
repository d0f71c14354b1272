import { AGE_GROUPS, GUIDES, type AgeGroup, type CountsFigures, type Guide, type Metric } from '@kiosk-pulse/contract';

/*
 * The figure columns of the *_figures aggregates (migration 0006): visits started by age group,
 * guides completed by guide, and accounts registered. The SQL below is built from these fixed
 * names only, never from anything a client sends.
 */
const reached = (group: AgeGroup) => `reached_${group}`;
const completed = (guide: Guide) => `completed_${guide}`;
const FIGURE_COLUMNS = [...AGE_GROUPS.map(reached), ...GUIDES.map(completed), 'accounts_registered'];

/** One row of figure columns, as the queries below return it. */
export type FigureColumns = Record<string, number>;

/** Sums of every figure column, for a SELECT over a *_figures aggregate. */
export const FIGURE_SUMS = FIGURE_COLUMNS.map((column) => `coalesce(sum(${column}), 0)::bigint AS ${column}`).join(
  ',\n',
);

/**
 * The same columns counted from rows of the events table (count = '1') or of events_hourly
 * (count = 'events'), for ranges no *_figures aggregate holds whole. Mirrors migration 0006.
 */
function figureCounts(count: '1' | 'events'): string {
  const sum = (condition: string, column: string) =>
    `coalesce(sum(${count}) FILTER (WHERE ${condition}), 0)::bigint AS ${column}`;
  return [
    ...AGE_GROUPS.map((group) =>
      sum(
        group === 'unknown'
          ? `type = 'visit_started' AND (age_group = 'unknown' OR age_group IS NULL)`
          : `type = 'visit_started' AND age_group = '${group}'`,
        reached(group),
      ),
    ),
    ...GUIDES.map((guide) => sum(`type = 'guide_completed' AND guide = '${guide}'`, completed(guide))),
    sum(`type = 'account_registered'`, 'accounts_registered'),
  ].join(',\n');
}

/** Each headline metric as an expression over the figure columns. */
export const METRIC_SQL: Record<Metric, string> = {
  peopleReached: AGE_GROUPS.map(reached).join(' + '),
  guidesCompleted: GUIDES.map(completed).join(' + '),
  accountsRegistered: 'accounts_registered',
};

/** The headline figures of one row of figure columns (a missing row counts as zero). */
export function figuresFromColumns(row: FigureColumns | undefined): CountsFigures {
  const value = (column: string) => row?.[column] ?? 0;
  const byAgeGroup = Object.fromEntries(AGE_GROUPS.map((group) => [group, value(reached(group))])) as Record<
    AgeGroup,
    number
  >;
  const byGuide = Object.fromEntries(GUIDES.map((guide) => [guide, value(completed(guide))])) as Record<Guide, number>;
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    guidesCompleted: total(byGuide),
    accountsRegistered: value('accounts_registered'),
    peopleReached: total(byAgeGroup),
    byAgeGroup,
    byGuide,
  };
}

/**
 * The hourly figure rows over [$1, $2): the whole city's (city_hourly_figures, $3 null) or
 * one ward's ($3).
 */
export const hourlyFigures = (wardCode: string | undefined): string =>
  wardCode === undefined
    ? `SELECT * FROM city_hourly_figures WHERE bucket >= $1 AND bucket < $2 AND $3::text IS NULL`
    : `SELECT * FROM ward_hourly_figures WHERE bucket >= $1 AND bucket < $2 AND ward_code = $3`;

// Where figure columns can be read from: the *_figures aggregates hold them, the others are counted.
const FIGURE_SOURCES = {
  ward_daily_figures: { time: 'bucket', figures: FIGURE_SUMS },
  ward_hourly_figures: { time: 'bucket', figures: FIGURE_SUMS },
  kiosk_daily_figures: { time: 'bucket', figures: FIGURE_SUMS },
  kiosk_hourly_figures: { time: 'bucket', figures: FIGURE_SUMS },
  events_hourly: { time: 'bucket', figures: figureCounts('events') },
  events: { time: 'occurred_at', figures: figureCounts('1') },
} as const;

/** Figure columns per ward or per kiosk over [$1, $2), for every ward or only ward $3. */
export const figuresPer = (key: 'ward_code' | 'kiosk_id', source: keyof typeof FIGURE_SOURCES): string => {
  const { time, figures } = FIGURE_SOURCES[source];
  return `SELECT ${key}, ${figures} FROM ${source}
          WHERE ${time} >= $1 AND ${time} < $2 AND ($3::text IS NULL OR ward_code = $3)
          GROUP BY ${key}`;
};
