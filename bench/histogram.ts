import * as hdr from 'hdr-histogram-js';

/** A histogram of durations in microseconds, up to ten minutes. */
export const latencyHistogram = (): hdr.Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The histogram's percentiles in milliseconds, to two decimals. */
export function percentiles(histogram: hdr.Histogram): Percentiles {
  const ms = (microseconds: number) => Math.round(microseconds / 10) / 100;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
}
