import type { CityTimeSpan } from '@kiosk-pulse/contract';

/*
 * City time for the rules: Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving), so a city
 * clock is the instant moved by seven hours and read as UTC, whatever TZ the process runs in.
 */
const CITY_OFFSET_MS = 7 * 3_600_000;

export interface CityClock {
  /** YYYY-MM-DD. */
  day: string;
  /** ISO weekday, 1 Monday to 7 Sunday. */
  weekday: number;
  /** Minutes since the city's midnight. */
  minutes: number;
}

export function cityClock(instant: Date): CityClock {
  const shifted = new Date(instant.getTime() + CITY_OFFSET_MS);
  return {
    day: shifted.toISOString().slice(0, 10),
    weekday: shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** "HH:MM" as minutes since midnight. */
export const clockMinutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether the city time of `instant` is in the span [from, to); a span with to before from crosses midnight. */
export function inCitySpan(instant: Date, span: CityTimeSpan): boolean {
  const { minutes } = cityClock(instant);
  const from = clockMinutes(span.from);
  const to = clockMinutes(span.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** The instant of city day `day` (YYYY-MM-DD) at city time `clock` (HH:MM). */
export function cityInstant(day: string, clock: string): Date {
  return new Date(Date.parse(`${day}T${clock}:00+07:00`));
}

/** The start of the city hour holding `instant` (whole hours agree with UTC's at +7). */
export function hourStart(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 3_600_000) * 3_600_000);
}

/** "HH:MM dd/MM/yyyy" in city time, as the messages say it. */
export function cityText(instant: Date): string {
  const shifted = new Date(instant.getTime() + CITY_OFFSET_MS).toISOString();
  return `${shifted.slice(11, 16)} ${shifted.slice(8, 10)}/${shifted.slice(5, 7)}/${shifted.slice(0, 4)}`;
}
