import { durationClass, percentile, type DurationHistogram } from '../../apps/api/src/stats/duration-histogram';

/** What the aggregate would hold for these durations. */
const histogramOf = (durations: number[]): DurationHistogram => {
  const histogram: DurationHistogram = new Map();
  for (const ms of durations) histogram.set(durationClass(ms), (histogram.get(durationClass(ms)) ?? 0) + 1);
  return histogram;
};

/** The exact percentile by nearest rank: the smallest duration with at least p of them at or below it. */
const exact = (durations: number[], p: number): number =>
  [...durations].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * durations.length) - 1)];

describe('duration histogram', () => {
  it('files a duration in the class whose range holds it', () => {
    for (const ms of [1, 2, 999, 60_000, 61_234, 600_000, 2_147_483_647]) {
      const c = durationClass(ms);
      expect(2 ** (c / 8)).toBeLessThanOrEqual(ms * (1 + 1e-12));
      expect(2 ** ((c + 1) / 8)).toBeGreaterThan(ms);
    }
    expect(durationClass(0)).toBe(0);
  });

  it('has no percentile without durations', () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
    expect(percentile(new Map([[100, 0]]), 0.5)).toBeNull();
  });

  it('reads median and 90th percentile within one class (9 %) of the exact ones', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const samples = [
      Array.from({ length: 1000 }, () => 60_000 + random() * 540_000),
      Array.from({ length: 37 }, () => 5_000 * Math.exp(random() * 4)),
      [90_000, 90_000, 90_000],
      [30_000, 3_600_000],
    ];
    for (const durations of samples) {
      for (const p of [0.5, 0.9]) {
        const estimate = percentile(histogramOf(durations), p) as number;
        expect(Math.abs(estimate - exact(durations, p)) / exact(durations, p)).toBeLessThan(2 ** (1 / 8) - 1);
      }
    }
  });

  it('is monotonic in p', () => {
    const histogram = histogramOf([1_000, 2_000, 4_000, 8_000, 16_000]);
    const values = [0.1, 0.3, 0.5, 0.7, 0.9].map((p) => percentile(histogram, p) as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});
