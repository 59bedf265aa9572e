import { maximum, mean, median, minimum, pearson, percentile, std, sum, variance } from '../../../src/core/stats/descriptive';

// Expected values printed by numpy 2.4 (bit-for-bit: numpy sums pairwise).
const DIGITS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];

describe('descriptive statistics (numpy parity)', () => {
  it('sums pairwise like np.sum, not left to right', () => {
    const tenths = Array.from({ length: 10 }, () => 0.1);
    expect([sum(tenths), tenths.reduce((a, b) => a + b, 0)]).toEqual([1, 0.9999999999999999]);
  });

  it('matches numpy on a small sample', () => {
    expect({
      mean: mean(DIGITS),
      variance: variance(DIGITS, 1),
      std0: std(DIGITS, 0),
      median: median(DIGITS),
      evenMedian: median(DIGITS.slice(0, 10)),
      p50: percentile(DIGITS, 50),
      p95: percentile(DIGITS, 95),
      p99: percentile(DIGITS, 99),
      min: minimum(DIGITS),
      max: maximum(DIGITS),
    }).toEqual({ mean: 4, variance: 5.6, std0: 2.256304299271065, median: 4, evenMedian: 3.5, p50: 4, p95: 7.5, p99: 8.700000000000001, min: 1, max: 9 });
  });

  it.each([
    ['a single value has std 0', [7], 1, 0],
    ['two equal values', [2, 2], 1, 0],
    ['all equal', [0.5, 0.5, 0.5, 0.5], 0, 0],
  ])('%s', (_label, values, ddof, expected) => {
    expect(std(values, ddof)).toBe(expected);
  });

  it('gives NaN where numpy would (no degrees of freedom, no values)', () => {
    expect([variance([1], 1), mean([]), median([]), percentile([], 50)]).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('computes Pearson r', () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.7999999999999999, 15);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
