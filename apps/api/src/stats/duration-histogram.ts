/*
 * Durations are kept as a histogram of classes (migration 0006): class c holds durations in
 * [2^(c/8), 2^((c+1)/8)) milliseconds.
 */
export const CLASSES_PER_DOUBLING = 8;

/** The class a duration falls in, as the aggregate files it. */
export const durationClass = (ms: number): number => Math.floor(Math.log2(Math.max(ms, 1)) * CLASSES_PER_DOUBLING);

/** Counts per duration class. */
export type DurationHistogram = Map<number, number>;

/** Adds one histogram into another. */
export function addHistogram(into: DurationHistogram, from: DurationHistogram): void {
  for (const [durationClass, count] of from) into.set(durationClass, (into.get(durationClass) ?? 0) + count);
}

/**
 * The p-th percentile (0 < p < 1) of the durations in a histogram, in whole milliseconds, or
 * null for an empty one. The class holding the value of nearest rank is found exactly; within
 * it the value is placed by its rank on a log scale, so it is off from the exact (nearest-rank)
 * percentile by less than one class: about 9 %.
 */
export function percentile(histogram: DurationHistogram, p: number): number | null {
  const classes = [...histogram.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = classes.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = p * total;
  let below = 0;
  for (const [durationClass, count] of classes) {
    if (below + count >= rank) {
      const within = (rank - below) / count;
      return Math.round(2 ** ((durationClass + within) / CLASSES_PER_DOUBLING));
    }
    below += count;
  }
  const [lastClass] = classes[classes.length - 1];
  return Math.round(2 ** ((lastClass + 1) / CLASSES_PER_DOUBLING));
}
