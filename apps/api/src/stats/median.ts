/** The median of the values (the mean of the middle two for an even count), or null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A count per 10,000 people, to one decimal; null without a population. */
export function per10k(count: number, population: number | null): number | null {
  return population ? Math.round((count / population) * 100_000) / 10 : null;
}
