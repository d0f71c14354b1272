/*
 * When each schedule fires and which period it sends, in city time (Asia/Ho_Chi_Minh) whatever
 * the server's zone. Pure: the same instant in gives the same period out.
 */
import { addCityDays, cityDay, CITY_TIME_ZONE, SCHEDULE_PERIOD, type ReportSchedule } from '@kiosk-pulse/contract';
import type { ReportPeriodKind } from '@kiosk-pulse/contract';

/**
 * BullMQ job schedulers' cron patterns, in CITY_TIME_ZONE: Monday 06:00 for the week just ended,
 * 06:00 on the 1st for the month before, 06:00 on 1 January and 1 July for the half year before.
 * 06:00 leaves the night's late kiosk uploads time to arrive before the report is made.
 */
export const SCHEDULE_CRON: Record<ReportSchedule, string> = {
  weekly: '0 6 * * 1',
  monthly: '0 6 1 * *',
  'half-yearly': '0 6 1 1,7 *',
};

export const SCHEDULE_TIME_ZONE = CITY_TIME_ZONE;

export interface DuePeriod {
  period: ReportPeriodKind;
  /** The period's first city day, YYYY-MM-DD. */
  start: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The last whole period of the schedule that ended at or before `now`: on a Monday 06:00 the
 * week Monday–Sunday just ended. Taken from `now`'s city day rather than "yesterday", so a run
 * that comes late (the api was down at 06:00) still sends the same period, until the next one ends.
 */
export function duePeriod(schedule: ReportSchedule, now: Date | number): DuePeriod {
  const today = cityDay(now);
  const [year, month] = today.split('-').map(Number);
  const period = SCHEDULE_PERIOD[schedule];
  if (period === 'week') {
    // The weekday of a calendar date does not depend on a zone when read at UTC midnight.
    const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    return { period, start: addCityDays(today, -sinceMonday - 7) };
  }
  if (period === 'month') {
    return { period, start: month === 1 ? `${year - 1}-12-01` : `${year}-${pad(month - 1)}-01` };
  }
  return { period, start: month <= 6 ? `${year - 1}-07-01` : `${year}-01-01` };
}
