import { OUTCOMES, RATINGS } from '@kiosk-pulse/contract';
import { CategoryCounts } from './category-counts';

/** The city's outcomes (migration 0017). */
export const OUTCOME_COUNTS = new CategoryCounts(OUTCOMES, 'outcome_', 'outcome', {
  hourly: 'ward_hourly_outcomes',
  daily: 'ward_daily_outcomes',
});

/** The residents' answers to "Hài lòng?" (migration 0020). */
export const RATING_COUNTS = new CategoryCounts(RATINGS, 'rating_', 'rating', {
  hourly: 'ward_hourly_ratings',
  daily: 'ward_daily_ratings',
});
