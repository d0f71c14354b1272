import { AGE_GROUPS, GUIDES, type AgeGroup, type CountsFigures, type Guide, type Metric } from '@kiosk-pulse/contract';

/** One aggregated row: how many events of a type (and guide, age group) there were. */
export interface CountRow {
  type: string;
  guide: Guide | null;
  age_group: AgeGroup | null;
  events: number;
}

/** The event type each headline metric counts. */
export const METRIC_EVENT_TYPE: Record<Metric, string> = {
  guidesCompleted: 'guide_completed',
  accountsRegistered: 'account_registered',
  peopleReached: 'visit_started',
};

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/**
 * Turns aggregated rows into the headline figures: people reached are visits started (split
 * by age group), guides completed are split by guide, accounts count both levels.
 */
export function figuresFromRows(rows: CountRow[]): CountsFigures {
  const figures: CountsFigures = {
    guidesCompleted: 0,
    accountsRegistered: 0,
    peopleReached: 0,
    byAgeGroup: zeros(AGE_GROUPS),
    byGuide: zeros(GUIDES),
  };
  for (const row of rows) {
    switch (row.type) {
      case 'visit_started':
        figures.peopleReached += row.events;
        figures.byAgeGroup[row.age_group ?? 'unknown'] += row.events;
        break;
      case 'guide_completed':
        figures.guidesCompleted += row.events;
        if (row.guide) figures.byGuide[row.guide] += row.events;
        break;
      case 'account_registered':
        figures.accountsRegistered += row.events;
        break;
    }
  }
  return figures;
}
