/*
 * A report's period in city time (Asia/Ho_Chi_Minh), whatever the server's own zone: a week
 * from Monday 00:00 to the next Monday 00:00, a calendar month, or a half year (H1 January to
 * June, H2 July to December). Pure: the same day in gives the same period out.
 */
import { addCityDays } from '@kiosk-pulse/contract';
import type { ReportLanguage, ReportPeriod, ReportPeriodKind } from '@kiosk-pulse/contract';
import { cityDayToInstant } from '@kiosk-pulse/contract/time';

/** The first city day (YYYY-MM-DD) of the period of `kind` that holds the city day `day`. */
export function periodFirstDay(kind: ReportPeriodKind, day: string): string {
  const [year, month] = day.split('-').map(Number);
  if (kind === 'month') return `${year}-${pad(month)}-01`;
  if (kind === 'half-year') return `${year}-${month <= 6 ? '01' : '07'}-01`;
  // A date's weekday does not depend on a zone when read as a calendar date (UTC midnight).
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addCityDays(day, -weekday);
}

/** The first city day of the period after the one starting on `first`. */
function nextFirstDay(kind: ReportPeriodKind, first: string): string {
  if (kind === 'week') return addCityDays(first, 7);
  const [year, month] = first.split('-').map(Number);
  const months = kind === 'month' ? 1 : 6;
  const next = month - 1 + months;
  return `${year + Math.floor(next / 12)}-${pad((next % 12) + 1)}-01`;
}

/** The first city day of the period before the one starting on `first`. */
function previousFirstDay(kind: ReportPeriodKind, first: string): string {
  return periodFirstDay(kind, addCityDays(first, -1));
}

const pad = (value: number) => String(value).padStart(2, '0');

/** DD/MM/YYYY, as Vietnamese write a date (English reports too: the city's own documents do). */
export const dayText = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

function label(kind: ReportPeriodKind, first: string, last: string, language: ReportLanguage): string {
  const [year, month] = first.split('-').map(Number);
  if (kind === 'week') return `${language === 'vi' ? 'Tuần' : 'Week'} ${dayText(first)} – ${dayText(last)}`;
  if (kind === 'month') return `${language === 'vi' ? 'Tháng' : 'Month'} ${pad(month)}/${year}`;
  const first6 = month === 1;
  if (language === 'vi') return `6 tháng ${first6 ? 'đầu' : 'cuối'} năm ${year}`;
  return `${first6 ? 'First' : 'Second'} half of ${year} (${first6 ? 'January–June' : 'July–December'})`;
}

function period(kind: ReportPeriodKind, first: string, language: ReportLanguage): ReportPeriod {
  const next = nextFirstDay(kind, first);
  const last = addCityDays(next, -1);
  return {
    kind,
    from: cityDayToInstant(first).toISOString(),
    to: cityDayToInstant(next).toISOString(),
    firstDay: first,
    lastDay: last,
    label: label(kind, first, last, language),
  };
}

/** The period of `kind` holding the city day `day` (YYYY-MM-DD), and the one just before it. */
export function reportPeriods(
  kind: ReportPeriodKind,
  day: string,
  language: ReportLanguage = 'vi',
): { current: ReportPeriod; previous: ReportPeriod } {
  const first = periodFirstDay(kind, day);
  return { current: period(kind, first, language), previous: period(kind, previousFirstDay(kind, first), language) };
}
