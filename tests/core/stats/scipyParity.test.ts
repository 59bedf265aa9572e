import { benjaminiHochberg, bonferroni, holm } from '../../../src/core/stats/multipleComparisons';
import { kolmogorovSf } from '../../../src/core/stats/kolmogorov';
import { ksTwoSample } from '../../../src/core/stats/ksTwoSample';
import { levene } from '../../../src/core/stats/levene';
import { mannWhitneyU } from '../../../src/core/stats/mannWhitney';
import { mcnemar } from '../../../src/core/stats/mcnemar';
import { shapiroWilk } from '../../../src/core/stats/shapiroWilk';
import { summariseGroup, tTest } from '../../../src/core/stats/twoSample';
import { wilcoxonSignedRank } from '../../../src/core/stats/wilcoxon';

// Expected values printed by scipy 1.17.1 on this machine (our own cases: ties, unequal sizes, tiny samples).
const TIES_B = [1, 2, 2, 3, 3, 3, 4, 5];
const TIES_V = [2, 3, 3, 4, 4, 5, 5, 5, 5, 1, 2];

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-300));
}

describe('two-sample tests against scipy', () => {
  it.each([
    ['ties, 8 v 11', TIES_B, TIES_V, 0.29545454545454547, 0.6825302320658357],
    ['no ties, 3 v 4', [1.1, 2.3, 0.7], [3.2, 4.5, 2.9, 5.1], 1, 0.05714285714285715],
    ['9 v 13', [0.1, 0.5, 0.9, 1.3, 2.2, 2.8, 3.1, 3.3, 4.0], [0.4, 1.0, 1.7, 2.5, 2.6, 3.9, 4.4, 4.8, 5.0, 5.5, 6.1, 6.2, 7.0], 0.5384615384615384, 0.0644525752884886],
    ['n = 2', [1, 2], [3, 5], 1, 0.3333333333333333],
    ['all equal', [3, 3, 3], [3, 3, 3], 0, 1],
  ])('ks_2samp exact: %s', (_label, x, y, statistic, p) => {
    const result = ksTwoSample(x, y);
    expectRelative(result.statistic, statistic, 1e-12);
    expectRelative(result.pValue, p, 1e-8);
    expect(result.method).toBe('exact');
  });

  it('ks_2samp asymptotic above 10,000 values (kstwo)', () => {
    const x = Array.from({ length: 12000 }, (_, i) => ((i * 7919) % 12000) / 12000);
    const y = Array.from({ length: 11000 }, (_, j) => ((j * 104729) % 11000) / 11000 + 0.01);
    const result = ksTwoSample(x, y);
    expectRelative(result.statistic, 0.010083333333333333, 1e-12);
    expectRelative(result.pValue, 0.6002052858677482, 1e-8);
    expect(result.method).toBe('asymptotic');
  });

  it.each([
    [5, 0.3, 0.664],
    [50, 0.1, 0.6623112704658186],
    [100, 0.25, 5.408871776434847e-6],
    [1000, 0.03, 0.3226902143914636],
    [5000, 0.02, 0.03613941395325637],
    [60000, 0.004, 0.2915191216630362],
    [200, 0.4, 2.16335816369463e-29],
    [10, 0.6, 0.0005681672000000003],
  ])('kstwo.sf: n %p, d %p', (n, d, expected) => {
    expectRelative(kolmogorovSf(n, d), expected, 1e-8);
  });

  it.each([
    ['ties (asymptotic)', TIES_B, TIES_V, 31.5, 0.3097860384068003, 'asymptotic'],
    ['no ties, 3 v 4 (exact)', [1.1, 2.3, 0.7], [3.2, 4.5, 2.9, 5.1], 0, 0.05714285714285714, 'exact'],
    ['9 v 13 (asymptotic, no ties)', [0.1, 0.5, 0.9, 1.3, 2.2, 2.8, 3.1, 3.3, 4.0], [0.4, 1.0, 1.7, 2.5, 2.6, 3.9, 4.4, 4.8, 5.0, 5.5, 6.1, 6.2, 7.0], 28, 0.04514062557215463, 'asymptotic'],
    ['n = 2 (exact)', [1, 2], [3, 5], 0, 0.3333333333333333, 'exact'],
    ['all equal', [3, 3, 3], [3, 3, 3], 4.5, 1, 'asymptotic'],
  ])('mannwhitneyu: %s', (_label, x, y, statistic, p, method) => {
    const result = mannWhitneyU(x, y);
    expect(result.statistic).toBe(statistic);
    expectRelative(result.pValue, p, 1e-8);
    expect(result.method).toBe(method);
  });

  it('Welch and Student t with ties and unequal sizes', () => {
    const welch = tTest(summariseGroup(TIES_B), summariseGroup(TIES_V), 'welch_t');
    expectRelative(welch.t!, 1.0838819853368864, 1e-12);
    expectRelative(welch.df!, 16.379739175105154, 1e-12);
    expectRelative(welch.pValue!, 0.2941142873076226, 1e-8);
    const student = tTest(summariseGroup(TIES_B), summariseGroup(TIES_V), 'student_t');
    expectRelative(student.t!, 1.0582765611540121, 1e-12);
    expectRelative(student.pValue!, 0.30473584038861906, 1e-8);
    expect(student.df).toBe(17);
  });

  it('Welch with n = 2 per group; no spread gives no t', () => {
    expectRelative(tTest(summariseGroup([1, 2]), summariseGroup([3, 5]), 'welch_t').pValue!, 0.19872738893452602, 1e-8);
    expect(tTest(summariseGroup([3, 3]), summariseGroup([3, 3]), 'welch_t')).toMatchObject({ t: null, pValue: null });
  });

  it('Levene (median) and Shapiro–Wilk with ties', () => {
    const result = levene([TIES_B, TIES_V]);
    expectRelative(result.statistic, 0.5924279363258284, 1e-12);
    expectRelative(result.pValue, 0.452044999068977, 1e-8);
    const normal = shapiroWilk(TIES_B);
    expectRelative(normal.statistic, 0.9581349290495063, 1e-6);
    expectRelative(normal.pValue, 0.792157709323489, 1e-6);
  });

  it.each([
    ['n = 3', [1, 2, 4], 0.9642857142857142, 0.6368868450289689],
    ['all equal', [3, 3, 3], 1, 1],
  ])('Shapiro–Wilk %s', (_label, values, w, p) => {
    const result = shapiroWilk(values);
    expectRelative(result.statistic, w, 1e-6);
    expectRelative(result.pValue, p, 1e-6);
  });

  it('Shapiro–Wilk refuses fewer than 3 values', () => {
    expect(() => shapiroWilk([1, 2])).toThrow(RangeError);
  });
});

describe('paired tests', () => {
  it.each([
    ['exact (no ties, no zeros)', [0.5, -1.2, 2.3, 1.1, -0.4, 3.2, 0.9, 1.7, -0.2, 2.6], 9, 0.064453125, 'exact'],
    ['exact sign-flip (zeros and ties, n ≤ 13)', [0, 1, -1, 2, 2, 3, 0, 4], 3.5, 0.09375, 'exact_permutation'],
    ['normal approximation (n = 60, Pratt zeros)', Array.from({ length: 60 }, (_, i) => ((i * 37) % 11) - 4), 637.5, 0.04849557171931467, 'asymptotic'],
  ])('Wilcoxon signed-rank, %s', (_label, differences, statistic, p, method) => {
    const result = wilcoxonSignedRank(differences);
    expect(result.statistic).toBe(statistic);
    expectRelative(result.pValue, p, 1e-8);
    expect(result.method).toBe(method);
  });

  it('McNemar exact: 7 pass→fail, 2 fail→pass', () => {
    const pairs: [boolean, boolean][] = [
      ...Array.from({ length: 7 }, (): [boolean, boolean] => [true, false]),
      ...Array.from({ length: 2 }, (): [boolean, boolean] => [false, true]),
      [true, true],
      [false, false],
    ];
    expect(mcnemar(pairs)).toEqual({ method: 'mcnemar_exact', pairs: 11, baseline_only: 7, variant_only: 2, statistic: 2, p_value: 0.1796875 });
    expect(mcnemar([[true, true]]).p_value).toBe(1);
  });
});

describe('multiple comparisons', () => {
  it('Bonferroni, Holm and Benjamini–Hochberg keep input order', () => {
    const p = [0.01, 0.04, 0.03, 0.2];
    expect(bonferroni(p)).toEqual([0.04, 0.16, 0.12, 0.8]);
    expect(bonferroni(p, 10)).toEqual([0.1, 0.4, 0.3, 1]);
    expect(holm(p)).toEqual([0.04, 0.09, 0.09, 0.2]);
    expect(benjaminiHochberg(p)).toEqual([0.04, 0.05333333333333334, 0.05333333333333334, 0.2]);
  });
});
