/**
 * Wilcoxon signed-rank test on paired differences with Pratt's treatment of zeros, choosing
 * the method as scipy's `wilcoxon(zero_method="pratt", method="auto")`: the exact null
 * distribution without ties or zeros (n ≤ 50), an exact sign-flip enumeration when there
 * are ties or zeros and n ≤ 13, otherwise the normal approximation with tie correction.
 */
import { mapToFloat64 } from './descriptive';
import { normSf } from './distributions';
import { rankAverage } from './ranks';

export interface WilcoxonResult {
  /** min(R⁺, R⁻), scipy's two-sided statistic. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'exact_permutation' | 'asymptotic';
  pairs: number;
  zeros: number;
}

/** Counts of subsets of {1..n} by sum: the null distribution of R⁺ without ties. */
function signedRankCounts(n: number): Float64Array {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) for (let s = maxSum; s >= k; s--) counts[s]! += counts[s - k]!;
  return counts;
}

function exactPValue(rPlus: number, n: number): number {
  const counts = signedRankCounts(n);
  const total = 2 ** n;
  let lower = 0;
  let upper = 0;
  for (let s = 0; s < counts.length; s++) {
    if (s <= Math.ceil(rPlus)) lower += counts[s]!;
    if (s >= Math.floor(rPlus)) upper += counts[s]!;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

function permutationPValue(ranks: Float64Array, signs: Int8Array, observed: number): number {
  const n = ranks.length;
  const total = 2 ** n;
  const tolerance = Math.abs(observed) * 1e-14;
  let atMost = 0;
  let atLeast = 0;
  for (let mask = 0; mask < total; mask++) {
    let rPlus = 0;
    for (let i = 0; i < n; i++) if (signs[i] !== 0 && ((mask >> i) & 1) === 1) rPlus += ranks[i]!;
    if (rPlus <= observed + tolerance) atMost++;
    if (rPlus >= observed - tolerance) atLeast++;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / total);
}

export function wilcoxonSignedRank(differences: ArrayLike<number>): WilcoxonResult {
  const n = differences.length;
  const absolute = mapToFloat64(differences, Math.abs);
  const { ranks, tieSizes } = rankAverage(absolute);
  const signs = new Int8Array(n);
  for (let i = 0; i < n; i++) signs[i] = Math.sign(differences[i]!);
  let rPlus = 0;
  let rMinus = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    if (signs[i]! > 0) rPlus += ranks[i]!;
    else if (signs[i]! < 0) rMinus += ranks[i]!;
    else zeros++;
  }
  const statistic = Math.min(rPlus, rMinus);
  const ties = tieSizes.some((size, index) => size > 1 && !(index === 0 && zeros > 0));
  const base = { statistic, pairs: n, zeros };
  if (n <= 50 && !ties && zeros === 0) return { ...base, pValue: exactPValue(rPlus, n), method: 'exact' };
  if (n <= 13) return { ...base, pValue: permutationPValue(ranks, signs, rPlus), method: 'exact_permutation' };
  let mean = (n * (n + 1)) / 4 - (zeros * (zeros + 1)) / 4;
  let variance = n * (n + 1) * (2 * n + 1) - zeros * (zeros + 1) * (2 * zeros + 1);
  // Pratt: the zero group's own tie term is left out of the correction.
  const tieCorrection = tieSizes.reduce((total, t, index) => (index === 0 && zeros > 0 ? total : total + t ** 3 - t), 0);
  variance = (variance - tieCorrection / 2) / 24;
  mean = Number.isFinite(mean) ? mean : Number.NaN;
  const z = (rPlus - mean) / Math.sqrt(variance);
  return { ...base, pValue: Number.isNaN(z) ? Number.NaN : Math.min(1, 2 * normSf(Math.abs(z))), method: 'asymptotic' };
}
