import { brentRoot } from '../../../src/core/stats/brent';
import { nctCdf, nctSf } from '../../../src/core/stats/noncentralT';
import { minimumDetectableEffect, oneSamplePower, requiredSampleSize, twoSamplePower } from '../../../src/core/stats/power';

function expectRelative(actual: number | null, expected: number, tolerance: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('noncentral t (AS 243) against scipy.stats.nct (Boost), an independent implementation', () => {
  it.each([
    [2.3, 6, 1.5, 0.7213992820660047],
    [-1, 12, 0.7, 0.04981367317773247],
    [5, 40, 6, 0.18375788759901668],
    [0.5, 3, -0.5, 0.8271477572931407],
    [15, 200, 12, 0.9916701020212404],
    [1.96, 1e4, 2.8, 0.2004630702852359],
    // Noncentrality beyond ~38, where the first Poisson weights underflow.
    [40, 100, 40, 0.4827583157197073],
    [45, 60, 50, 0.11087404538457048],
    [60, 500, 55, 0.9902065200178837],
    [38, 1000, 38.5, 0.34858591948809037],
  ])('cdf(t=%p, df=%p, nc=%p)', (t, df, nc, expected) => {
    expectRelative(nctCdf(t, df, nc), expected, 1e-10);
  });

  it('reduces to the central t and complements its survival function', () => {
    expect(nctCdf(0, 5, 0)).toBeCloseTo(0.5, 15);
    expect(nctCdf(1.3, 7, 0.4) + nctSf(1.3, 7, 0.4)).toBeCloseTo(1, 14);
    expect([nctCdf(Infinity, 3, 1), nctCdf(-Infinity, 3, 1), nctCdf(1, 0, 1)]).toEqual([1, 0, NaN]);
  });
});

describe('power and sample size', () => {
  const design = { alpha: 0.05 };

  it('reproduces docs/original-behaviour.md §3.17: achieved power 0.5716094577007149, required n 7.057178428279269 / 33.367128953330834', () => {
    expectRelative(oneSamplePower(1.264911064067351, 5, design), 0.5716094577007149, 1e-8);
    expectRelative(requiredSampleSize((n) => oneSamplePower(1.264911064067351, n, design), 0.8, 2), 7.057178428279269, 1e-9);
    expectRelative(requiredSampleSize((n) => oneSamplePower(0.5, n, design), 0.8, 2), 33.367128953330834, 1e-9);
  });

  it('two-sample power, n per group and minimum detectable effect (scipy nct + bisection)', () => {
    expectRelative(twoSamplePower(0.5, 64, design), 0.8014595579222543, 1e-9);
    expectRelative(requiredSampleSize((n) => twoSamplePower(0.5, n, design), 0.8, 2), 63.765610190952245, 1e-8);
    expectRelative(minimumDetectableEffect((e) => twoSamplePower(e, 50, design), 0.8), 0.5658822437555726, 1e-8);
  });

  it('Brent finds a bracketed root and refuses a bad bracket', () => {
    expect(brentRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 14);
    expect(() => brentRoot((x) => x * x + 1, 0, 2)).toThrow(RangeError);
  });
});
