import {
  AGE_GROUP_LABELS as AGE_GROUPS_IN_BOTH,
  CITY_TIME_ZONE,
  GUIDE_LABELS as GUIDES_IN_BOTH,
  OUTCOME_LABELS as OUTCOMES_IN_BOTH,
  RATING_LABELS as RATINGS_IN_BOTH,
  labelsIn,
  type AgeCount,
  type AgeGroup,
  type AgeSplitPeriods,
  type Guide,
  type Outcome,
  type Rating,
} from '@kiosk-pulse/contract';
import { coveredDays, writeAgeCount } from './age-counts';
import { language, t, type Language } from './i18n';

/*
 * Every number, date and time a person reads on the dashboard is written here, charts included:
 * one style per language (Vietnamese as vi-VN writes it, English as en-GB does), and every date
 * and hour is the city's, whatever the zone of the browser.
 */

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** The locale of the page's language, for Intl. */
export const locale = (): string => LOCALES[language()];

// The contract's labels (labels.ts), one table for the dashboard, the CSV exports and the kiosks.
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = labelsIn(AGE_GROUPS_IN_BOTH, language());

export const GUIDE_LABELS: Record<Guide, string> = labelsIn(GUIDES_IN_BOTH, language());

/** The city's outcomes (Kế hoạch 31/KH-UBND, Bình dân học vụ số), as the city names them. */
export const OUTCOME_LABELS: Record<Outcome, string> = labelsIn(OUTCOMES_IN_BOTH, language());

/** The residents' answers to "Hài lòng?". */
export const RATING_LABELS: Record<Rating, string> = labelsIn(RATINGS_IN_BOTH, language());

// One collator for every sort: localeCompare(…, 'vi') builds one per comparison, which costs a
// tenth of a second over the 168 wards. Ward names are Vietnamese in either language.
export const byName = new Intl.Collator('vi').compare;

// The language is fixed for the page's life (switching reloads), so each formatter is made once.
const numbers = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 });
/** A count or a rate: grouped as the language groups thousands, at most one decimal. */
export const formatNumber = (value: number): string => numbers.format(value);

/** An age count as published (docs/privacy.md): exact, "≥ n" where some period hid part of it, "ẩn" where hidden. */
export const formatAgeCount = (count: AgeCount): string =>
  writeAgeCount(count, { number: formatNumber, hidden: t('ẩn') });

/** What a tooltip says of an age count that is not exact, and why; nothing for an exact one. */
export const ageCountNote = (count: AgeCount): string | undefined =>
  typeof count === 'number'
    ? undefined
    : count.atLeast === 0
      ? t('Bị ẩn để bảo vệ số nhỏ.')
      : t('Một phần bị ẩn để bảo vệ số nhỏ.');

/** A chart's value (axis tick, bar label, tooltip): the same as anywhere else; blanks stay blank. */
export const formatValue = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? formatNumber(value) : typeof value === 'string' ? value : '–';

const percents = new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 });
const changes = new Intl.NumberFormat(locale(), {
  style: 'percent',
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
/** A fraction as a percentage (0.251 → 25,1% / 25.1%); `signed` for a change against before. */
export const formatPercent = (fraction: number, signed = false): string =>
  (signed ? changes : percents).format(fraction);

const minutes = new Intl.NumberFormat(locale(), { style: 'unit', unit: 'minute', maximumFractionDigits: 1 });
/** A duration in minutes, with the unit in the page's language; "–" when there is none. */
export const formatMinutes = (ms: number | null): string => (ms === null ? '–' : minutes.format(ms / 60_000));

const inCity = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale(), { timeZone: CITY_TIME_ZONE, ...options });

// The one date style: 04/12/2026 in Vietnamese, 4 Dec 2026 in English (never read month-first).
const dates = inCity(
  language() === 'en'
    ? { day: 'numeric', month: 'short', year: 'numeric' }
    : { day: '2-digit', month: '2-digit', year: 'numeric' },
);
// The same without the year, where the year is plain from the context (a chart's axis): 04/12
// or 4 Dec. Built from the parts, as vi-VN alone writes a day and month as 04-12.
const dayMonth = inCity(
  language() === 'en' ? { day: 'numeric', month: 'short' } : { day: '2-digit', month: '2-digit' },
);
const shortDate = (time: Date): string => {
  if (language() === 'en') return dayMonth.format(time);
  const parts = dayMonth.formatToParts(time);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}`;
};
const times = inCity({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clock = inCity({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const weekdays = inCity({ weekday: 'long' });

const toDate = (time: Date | string): Date =>
  // A bare city day (2026-12-04, from a form or the API) is that day in the city, not at UTC midnight.
  typeof time === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(time) ? new Date(`${time}T12:00:00+07:00`) : new Date(time);

/** A day in the city: 04/12/2026 or 4 Dec 2026. */
export const formatDate = (time: Date | string): string => dates.format(toDate(time));

/** A day in the city on a chart's axis: 04/12 or 4 Dec. */
export const formatShortDate = (time: Date | string): string => shortDate(toDate(time));

/** The city's hour and minute, 24-hour: 09:00. */
export const formatTime = (time: Date | string): string => times.format(toDate(time));

/** The city's time to the second, for "updated at". */
export const formatClock = (time: Date | string): string => clock.format(toDate(time));

/** The one date-time style: 04/12/2026 20:23 or 4 Dec 2026, 20:23. */
export const formatDateTime = (time: Date | string): string =>
  language() === 'en' ? `${formatDate(time)}, ${formatTime(time)}` : `${formatDate(time)} ${formatTime(time)}`;

/** The day with its weekday, for the header: Thứ Sáu, 04/12/2026 or Friday, 4 Dec 2026. */
export const formatLongDate = (time: Date | string): string => `${weekdays.format(toDate(time))}, ${formatDate(time)}`;

/** The city's hour an instant falls in: 09:00 (the start of an hourly bucket). */
export const formatHour = (time: Date | string): string => formatTime(time);

/** ISO weekdays 1 (Monday) to 7 (Sunday), named in the page's language. */
export const WEEKDAY_NAMES: string[] = Array.from({ length: 7 }, (_, index) =>
  // 5 January 2026 is a Monday.
  weekdays.format(new Date(Date.UTC(2026, 0, 5 + index, 5))),
);

/**
 * Which periods an age figure covers, for the line beside it: "Theo nhóm tuổi, các ngày đã kết
 * thúc: 28/11/2026 – 04/12/2026. …" (`what` names the figure), or, when it covers none (today, or
 * this week), why there is none yet.
 */
export function formatSplitCoverage(split: AgeSplitPeriods, what = t('Theo nhóm tuổi')): string {
  const days = coveredDays(split);
  if (days === null) {
    return split.period === 'week'
      ? t('Số liệu theo nhóm tuổi được công bố khi tuần kết thúc, để không ai bị nhận ra.')
      : t('Số liệu theo nhóm tuổi được công bố khi ngày kết thúc, để không ai bị nhận ra.');
  }
  const written =
    days.first === days.last ? formatDate(days.first) : `${formatDate(days.first)} – ${formatDate(days.last)}`;
  const template =
    split.period === 'week'
      ? '{what}, các tuần đã kết thúc: {days}. Nhóm ít người được ẩn.'
      : '{what}, các ngày đã kết thúc: {days}. Nhóm ít người được ẩn.';
  return t(template).replace('{what}', what).replace('{days}', written);
}
