/*
 * The city's days, weeks, months and hours as instants, for the server (queries, windows, the
 * worker). An entry of its own (`@kiosk-pulse/contract/time`), out of the contract's index:
 * @date-fns/tz is about 4 KB gzipped, more than the browser needs (it has city-day.ts).
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, startOfDay, startOfHour, startOfMonth, startOfWeek } from 'date-fns';
import { CITY_TIME_ZONE, cityDay } from './city-day';

const inCity = (instant: Date | number): TZDate => new TZDate(+instant, CITY_TIME_ZONE);

/** The start of the city day that holds the instant. */
export function cityDayStart(instant: Date | number): Date {
  return new Date(startOfDay(inCity(instant)).getTime());
}

export function nextCityDayStart(instant: Date | number): Date {
  return new Date(addDays(startOfDay(inCity(instant)), 1).getTime());
}

/** The start of the city month that holds the instant. */
export function cityMonthStart(instant: Date | number): Date {
  return new Date(startOfMonth(inCity(instant)).getTime());
}

export function nextCityMonthStart(instant: Date | number): Date {
  return new Date(addMonths(startOfMonth(inCity(instant)), 1).getTime());
}

/** Monday 00:00 of the city week holding the instant (weeks as TimescaleDB's time_bucket has them). */
export function cityWeekStart(instant: Date | number): Date {
  return new Date(startOfWeek(inCity(instant), { weekStartsOn: 1 }).getTime());
}

export function nextCityWeekStart(instant: Date | number): Date {
  return new Date(addWeeks(startOfWeek(inCity(instant), { weekStartsOn: 1 }), 1).getTime());
}

export function cityHourStart(instant: Date | number): Date {
  return new Date(startOfHour(inCity(instant)).getTime());
}

/**
 * The distinct city days of many instants. Working out a day in a time zone is costly (a
 * worker spent nearly half its busy time on it, once per stored event), so it is done once
 * per day met, and every other instant is placed by comparing it with that day's bounds.
 */
export function cityDaysOf(instants: Iterable<Date>): string[] {
  const days: { start: number; end: number; day: string }[] = [];
  for (const instant of instants) {
    const time = instant.getTime();
    if (days.some((known) => time >= known.start && time < known.end)) continue;
    days.push({ start: cityDayStart(time).getTime(), end: nextCityDayStart(time).getTime(), day: cityDay(time) });
  }
  return days.map((known) => known.day);
}

/** The instant a city day (YYYY-MM-DD) begins. */
export function cityDayToInstant(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, m - 1, d, CITY_TIME_ZONE).getTime());
}
