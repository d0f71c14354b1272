import type { AgeGroup, Guide } from '@kiosk-pulse/contract/events';
import { language, t, type Language } from './i18n';

export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  under_14: t('Dưới 14'),
  '14_15': '14–15',
  '16_30': '16–30',
  '31_44': '31–44',
  '45_59': '45–59',
  '60_64': '60–64',
  '65_74': '65–74',
  '75_plus': '75+',
  unknown: t('Không rõ'),
};

export const GUIDE_LABELS: Record<Guide, string> = {
  vneid: 'VNeID',
  public_services: t('Dịch vụ công'),
  procedure_lookup: t('Tra cứu thủ tục'),
  scam_awareness: t('Nhận diện lừa đảo'),
  other: t('Khác'),
};

// One collator for every sort: localeCompare(…, 'vi') builds one per comparison, which costs a
// tenth of a second over the 168 wards.
export const byName = new Intl.Collator('vi').compare;

const numbers = new Intl.NumberFormat('vi-VN');
export const formatNumber = (value: number): string => numbers.format(value);

const clock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: CITY_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
export const formatClock = (iso: string): string => clock.format(new Date(iso));

// Just the two-digit hour; the Vietnamese locale would append "giờ" to every tick.
const hour = new Intl.DateTimeFormat('en-GB', { timeZone: CITY_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });
export const formatHour = (iso: string): string => `${hour.format(new Date(iso))}h`;

const longDate = new Intl.DateTimeFormat('vi-VN', {
  timeZone: CITY_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});
export const formatLongDate = (time: Date): string => longDate.format(time);

/** A day in the city as YYYY-MM-DD, `offset` days from the one holding `time`. */
export function cityDay(time: Date, offset = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(time);
  if (offset === 0) return parts;
  const [y, m, d] = parts.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

// A moment as the management pages write it (last seen, audit log): the city's date and time,
// in the page's language.
const dateTimes: Record<Language, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', {
    timeZone: CITY_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: CITY_TIME_ZONE,
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
};
export const formatDateTime = (iso: string): string => dateTimes[language()].format(new Date(iso));
