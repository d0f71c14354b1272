import { cityDayStart, cityHourStart } from '@kiosk-pulse/contract/time';

/** Where a range's counts are read from: whole city days, whole hours, or neither (raw events). */
export type CountSource = 'daily' | 'hourly' | 'raw';

export function sourceFor(from: Date, to: Date): CountSource {
  const dayAligned = (time: Date) => cityDayStart(time).getTime() === time.getTime();
  const hourAligned = (time: Date) => cityHourStart(time).getTime() === time.getTime();
  if (dayAligned(from) && dayAligned(to)) return 'daily';
  if (hourAligned(from) && hourAligned(to)) return 'hourly';
  return 'raw';
}
