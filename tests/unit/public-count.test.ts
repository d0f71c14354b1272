import { publicAgeCount, publicCount, randomRound } from '../../apps/api/src/public/public-count';

const secret = Buffer.from('a test secret of the rounding coin');

describe('public counts (docs/privacy.md, "The public view")', () => {
  it('rounds to a neighbouring multiple of 5, the same way every time for the same figure', () => {
    for (let count = 0; count < 200; count++) {
      const rounded = randomRound(count, `figure ${count}`, secret);
      expect(rounded % 5).toBe(0);
      expect(Math.abs(rounded - count)).toBeLessThan(5);
      expect(randomRound(count, `figure ${count}`, secret)).toBe(rounded);
    }
    expect(randomRound(35, 'x', secret)).toBe(35);
  });

  it('is unbiased: over many figures, 12 averages 12', () => {
    let sum = 0;
    const n = 20_000;
    for (let figure = 0; figure < n; figure++) sum += randomRound(12, `ward ${figure}`, secret);
    // 12 goes to 15 with probability 2/5, to 10 otherwise: mean 12, standard error ~0.017.
    expect(Math.abs(sum / n - 12)).toBeLessThan(0.1);
  });

  it('gives a different coin to another secret, so the rounding cannot be worked out', () => {
    const other = Buffer.from('another secret');
    const differs = Array.from({ length: 50 }, (_, i) => i * 5 + 2).some(
      (count) => randomRound(count, `figure ${count}`, secret) !== randomRound(count, `figure ${count}`, other),
    );
    expect(differs).toBe(true);
  });

  it('does not show counts below the threshold, and keeps lower bounds lower bounds', () => {
    expect(publicCount(0, 10, 'x', secret)).toBe(0);
    expect(publicCount(1, 10, 'x', secret)).toEqual({ below: 10 });
    expect(publicCount(9, 10, 'x', secret)).toEqual({ below: 10 });
    expect([10]).toContain(publicCount(10, 10, 'x', secret));
    expect(publicAgeCount({ atLeast: 14 }, 10, 'x', secret)).toEqual({ atLeast: 10 });
    expect(publicAgeCount({ atLeast: 0 }, 10, 'x', secret)).toEqual({ atLeast: 0 });
  });
});
