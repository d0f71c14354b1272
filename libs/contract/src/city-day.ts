/*
 * The city's time zone and days, written with Intl only (no date library), so that the dashboard
 * and the server share them at no cost to the browser.
 */

/** Days and hours, as people in the city speak of them, are in this zone. */
export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

// Made once, on first use: building an Intl formatter with a time zone loads the zone's data, which
// costs far more than using it (a third of a second of a slow tablet's start-up, were it built on import).
let cityDate: Intl.DateTimeFormat | undefined;
const cityDateFormat = (): Intl.DateTimeFormat =>
  (cityDate ??= new Intl.DateTimeFormat('en-US', {
    timeZone: CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }));

/**
 * The city day of an instant as YYYY-MM-DD, or with `offset` the day that many days after it
 * (before it, when negative).
 */
export function cityDay(instant: Date | number, offset = 0): string {
  const parts = cityDateFormat().formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value;
  const day = `${part('year')}-${part('month')}-${part('day')}`;
  return offset === 0 ? day : addCityDays(day, offset);
}

/** The city day (YYYY-MM-DD) `days` days after `day` (before it, when negative). */
export function addCityDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
