import { averageCorrelation, cronbachAlpha, cronbachAlphaCompat, krippendorffAlphaInterval } from '../../../src/core/stats/agreement';

const N = Number.NaN;
// Columns are coders (criteria), positions are units (records).
const columns = [
  Float64Array.from([1, 3, N, 2, 4, 1]),
  Float64Array.from([2, 3, 5, N, 4, 1]),
  Float64Array.from([N, 4, 5, N, 3, 2]),
];

describe('agreement statistics', () => {
  it("Krippendorff's alpha (interval) matches the coincidence-matrix computation: 0.8518518518518519", () => {
    // Expected value from an independent implementation of Krippendorff (2011) with the
    // coincidence matrix, written in Python for this test.
    expect(krippendorffAlphaInterval(columns)).toBeCloseTo(0.8518518518518519, 14);
  });

  it('uses complete rows for the textbook Cronbach alpha and pairwise rows for correlations', () => {
    const complete = [Float64Array.from([3, 4, 1]), Float64Array.from([3, 4, 1]), Float64Array.from([4, 3, 2])];
    expect(cronbachAlpha(columns)).toBeCloseTo(cronbachAlpha(complete)!, 14);
    expect(averageCorrelation(columns)).toEqual(expect.any(Number));
  });

  it.each([
    ['one column', [Float64Array.from([1, 2, 3])]],
    ['no spread', [Float64Array.from([2, 2]), Float64Array.from([2, 2])]],
    ['a single unit', [Float64Array.from([1]), Float64Array.from([2])]],
  ])('gives null for %s', (_label, input) => {
    expect(cronbachAlpha(input)).toBeNull();
    expect(cronbachAlphaCompat(input)).toBeNull();
  });

  it('gives null without pairable units', () => {
    expect(krippendorffAlphaInterval([Float64Array.from([1, N]), Float64Array.from([N, 2])])).toBeNull();
    expect(averageCorrelation([Float64Array.from([1, N]), Float64Array.from([N, 2])])).toBeNull();
  });
});
