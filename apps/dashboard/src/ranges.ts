import { addCityDays, cityDay } from '@kiosk-pulse/contract';

/** The chosen range as [from, to) city days. */
export function rangeFor(choice: string, customFrom: string, customTo: string): { from: string; to: string } {
  const now = new Date();
  const tomorrow = cityDay(now, 1);
  switch (choice) {
    case '7d':
      return { from: cityDay(now, -6), to: tomorrow };
    case '30d':
      return { from: cityDay(now, -29), to: tomorrow };
    case 'month':
      return { from: `${cityDay(now).slice(0, 8)}01`, to: tomorrow };
    case 'custom':
      return { from: customFrom, to: addCityDays(customTo, 1) };
    default:
      return { from: cityDay(now), to: tomorrow };
  }
}
