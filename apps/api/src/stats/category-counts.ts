import type { CountSource } from './count-source';

/**
 * Counts of one categorical column of the events over [$1, $2), for the city ($3 null) or ward
 * $3: the city's outcomes (migration 0017) and the residents' ratings (0020). Each has a ward ×
 * hour and a ward × city day tier with a column `<prefix><value>` per value; whole days come from
 * the day tier, whole hours from the hour tier, a range cut mid-hour counts raw events. Built
 * from fixed names only.
 */
export class CategoryCounts<T extends string | number> {
  readonly sql: Record<CountSource, string>;

  constructor(
    private readonly values: readonly T[],
    private readonly prefix: string,
    eventColumn: string,
    tiers: { hourly: string; daily: string },
  ) {
    const column = (value: T) => `${prefix}${value}`;
    const literal = (value: T) => (typeof value === 'number' ? String(value) : `'${value}'`);
    const sums = values.map((value) => `coalesce(sum(${column(value)}), 0)::bigint AS ${column(value)}`).join(',\n');
    const counts = values
      .map((value) => `count(*) FILTER (WHERE ${eventColumn} = ${literal(value)})::bigint AS ${column(value)}`)
      .join(',\n');
    const ward = '($3::text IS NULL OR ward_code = $3)';
    this.sql = {
      daily: `SELECT ${sums} FROM ${tiers.daily} WHERE bucket >= $1 AND bucket < $2 AND ${ward}`,
      hourly: `SELECT ${sums} FROM ${tiers.hourly} WHERE bucket >= $1 AND bucket < $2 AND ${ward}`,
      raw: `SELECT ${counts} FROM events
            WHERE occurred_at >= $1 AND occurred_at < $2 AND ${eventColumn} IS NOT NULL AND ${ward}`,
    };
  }

  /** Each value's count in a row of `sql` (a missing row counts as zero). */
  fromRow(row: Record<string, number> | undefined): Record<T, number> {
    return Object.fromEntries(this.values.map((value) => [value, row?.[`${this.prefix}${value}`] ?? 0])) as Record<
      T,
      number
    >;
  }
}
