/**
 * Two-sided two-sample Kolmogorov–Smirnov test as scipy's `ks_2samp(method="auto")`:
 * exact lattice-path probability when both samples have at most 10,000 values, otherwise
 * the asymptotic Kolmogorov distribution `kstwo.sf(D, round(n1·n2/(n1+n2)))`.
 */
import { sortedCopy } from './descriptive';
import { kolmogorovSf } from './kolmogorov';

const MAX_EXACT_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** max |F1 − F2| over the pooled sample. */
export function ksStatistic(sorted1: Float64Array, sorted2: Float64Array): number {
  const n1 = sorted1.length;
  const n2 = sorted2.length;
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < n1 || j < n2) {
    const next = Math.min(i < n1 ? sorted1[i]! : Infinity, j < n2 ? sorted2[j]! : Infinity);
    while (i < n1 && sorted1[i] === next) i++;
    while (j < n2 && sorted2[j] === next) j++;
    largest = Math.max(largest, Math.abs(i / n1 - j / n2));
  }
  return largest;
}

/** n1 = n2 = n: the reflection-principle sum for paths leaving the band. */
function probOutsideSquare(n: number, h: number): number {
  let total = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    total = term * (1 - total);
  }
  return 2 * total;
}

/**
 * Unequal sizes: the share of lattice paths from (0,0) to (m,n) that stay strictly inside
 * |i·ng − j·mg| < h, kept normalised by the binomial coefficient so nothing overflows.
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let previous = new Float64Array(n + 1);
  let current = new Float64Array(n + 1);
  let lowPrev = 0;
  let highPrev = Math.min(Math.ceil(h / mg), n + 1);
  for (let j = lowPrev; j < highPrev; j++) previous[j] = 1;
  for (let i = 1; i <= m; i++) {
    const low = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    const high = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (high <= low) return 1;
    let below = 0;
    for (let j = low; j < high; j++) {
      const left = j >= lowPrev && j < highPrev ? previous[j]! : 0;
      below = (left * i + below * j) / (i + j);
      current[j] = below;
    }
    [previous, current] = [current, previous];
    lowPrev = low;
    highPrev = high;
  }
  return n >= lowPrev && n < highPrev ? 1 - previous[n]! : 1;
}

function exactPValue(n1: number, n2: number, d: number): { statistic: number; pValue: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return p >= 0 && p <= 1 ? { statistic, pValue: p } : undefined;
}

export function ksTwoSample(x: ArrayLike<number>, y: ArrayLike<number>): KsResult {
  const sorted1 = sortedCopy(x);
  const sorted2 = sortedCopy(y);
  const n1 = sorted1.length;
  const n2 = sorted2.length;
  const d = ksStatistic(sorted1, sorted2);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const exact = exactPValue(n1, n2, d);
    if (exact) return { ...exact, method: 'exact' };
  }
  const effectiveN = Math.round((n1 * n2) / (n1 + n2));
  return { statistic: d, pValue: Math.min(1, Math.max(0, kolmogorovSf(effectiveN, d))), method: 'asymptotic' };
}
