import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, format, startOfDay, startOfHour, startOfMonth } from 'date-fns';

/** Days and hours, as people in the city speak of them, are in this zone. */
export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

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

export function cityHourStart(instant: Date | number): Date {
  return new Date(startOfHour(inCity(instant)).getTime());
}

/** The city day of an instant as YYYY-MM-DD. */
export function cityDay(instant: Date | number): string {
  return format(inCity(instant), 'yyyy-MM-dd');
}

/** The instant a city day (YYYY-MM-DD) begins. */
export function cityDayToInstant(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, m - 1, d, CITY_TIME_ZONE).getTime());
}
