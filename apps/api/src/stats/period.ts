/** The period of the same length just before [from, to). */
export function previousPeriod(from: Date, to: Date): { from: Date; to: Date } {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: new Date(from.getTime()) };
}

/** The change from `previous` to `current` as a fraction (0.25 = +25 %); null when there was nothing before. */
export function relativeChange(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}
