/**
 * Two-sided Mann–Whitney U test as scipy's `mannwhitneyu(x, y, method="auto")` does it:
 * exact when either sample has at most 8 values and there are no ties, otherwise the
 * normal approximation with tie correction and continuity correction.
 */
import { normSf } from './distributions';
import { rankAverage, tieTerm } from './ranks';

export interface MannWhitneyResult {
  /** U of the first sample (the baseline in the plugins). */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/**
 * P(U ≤ k) for sample sizes (m, n) with no ties: the coefficients of the Gaussian binomial
 * [m+n choose m]_q, built one factor (1 − q^(n+i)) / (1 − q^i) at a time.
 */
export function mannWhitneyExactCdf(k: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const degree = small * large;
  const limit = Math.min(k, degree);
  if (limit < 0) return 0;
  let counts = new Float64Array(degree + 1);
  counts[0] = 1;
  let total = 1;
  for (let i = 1; i <= small; i++) {
    const next = new Float64Array(degree + 1);
    // multiply by (1 − q^(large+i)), then divide by (1 − q^i) as a running sum with stride i.
    for (let u = 0; u <= degree; u++) next[u] = counts[u]! - (u >= large + i ? counts[u - large - i]! : 0);
    for (let u = i; u <= degree; u++) next[u]! += next[u - i]!;
    counts = next;
    total = (total * (large + i)) / i;
  }
  let cumulative = 0;
  for (let u = 0; u <= limit; u++) cumulative += counts[u]!;
  return cumulative / total;
}

export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieSizes } = rankAverage([...Array.from(x), ...Array.from(y)]);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += ranks[i]!;
  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const ties = tieSizes.some((size) => size > 1);
  if (!ties && (n1 <= 8 || n2 <= 8)) {
    // P(U ≥ u) = P(U ≤ n1·n2 − u) by symmetry.
    const p = 2 * mannWhitneyExactCdf(Math.round(n1 * n2 - u), n1, n2);
    return { statistic: u1, pValue: Math.min(1, Math.max(0, p)), method: 'exact' };
  }
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm(tieSizes) / (n * (n - 1))));
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
  const p = Number.isNaN(z) ? Number.NaN : 2 * normSf(z);
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p)), method: 'asymptotic' };
}
