/**
 * Shapiro–Wilk W test by Royston's algorithm AS R94 (1995), as scipy's `shapiro`: the
 * coefficients from normal order-statistic approximations, W as the squared correlation of
 * data and coefficients (computed as 1 − W to avoid rounding loss), and Royston's normalising
 * transformation for the p-value.
 */
import { mapToFloat64 } from './descriptive';
import { normSf } from './distributions';

const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6 = [-0.4803, -0.082676, 0.0030302];
const G = [-2.273, 0.459];
const SMALL = 1e-19;

export interface ShapiroResult {
  statistic: number;
  pValue: number;
}

/**
 * Normal quantile by AS 111 (Beasley & Springer 1977), about 7 digits. AS R94, and scipy,
 * use it for the normal scores; the exact quantile would move W in the tenth digit.
 */
function ppndAs111(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.42) {
    const r = q * q;
    return (
      (q * (((-25.44106049637 * r + 41.39119773534) * r - 18.61500062529) * r + 2.50662823884)) /
      ((((3.13082909833 * r - 21.06224101826) * r + 23.08336743743) * r - 8.4735109309) * r + 1)
    );
  }
  const r = Math.sqrt(-Math.log(q > 0 ? 1 - p : p));
  const value = (((2.32121276858 * r + 4.85014127135) * r - 2.29796479134) * r - 2.78718931138) / ((1.63706781897 * r + 3.54388924762) * r + 1);
  return q < 0 ? -value : value;
}

/** c[0] + c[1]·x + c[2]·x² + … */
function poly(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + coefficients[i]!;
  return result;
}

/** The n/2 coefficients a_1 ≥ a_2 ≥ … of the largest-minus-smallest pairs. */
export function shapiroCoefficients(n: number): Float64Array {
  const half = Math.floor(n / 2);
  const a = new Float64Array(half);
  if (n === 3) {
    a[0] = Math.SQRT1_2;
    return a;
  }
  const m = new Float64Array(half);
  let sumSquares = 0;
  for (let i = 0; i < half; i++) {
    m[i] = ppndAs111((i + 1 - 0.375) / (n + 0.25));
    sumSquares += m[i]! * m[i]!;
  }
  sumSquares *= 2;
  const root = Math.sqrt(sumSquares);
  const rsn = 1 / Math.sqrt(n);
  const a1 = poly(C1, rsn) - m[0]! / root;
  let first: number;
  let factor: number;
  if (n > 5) {
    first = 2;
    const a2 = -m[1]! / root + poly(C2, rsn);
    factor = Math.sqrt((sumSquares - 2 * m[0]! ** 2 - 2 * m[1]! ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
    a[1] = a2;
  } else {
    first = 1;
    factor = Math.sqrt((sumSquares - 2 * m[0]! ** 2) / (1 - 2 * a1 ** 2));
  }
  a[0] = a1;
  for (let i = first; i < half; i++) a[i] = -m[i]! / factor;
  return a;
}

/** Signed coefficient for sorted position i (0-based): −a for the lower half, +a for the upper. */
function signedCoefficient(a: Float64Array, i: number, n: number): number {
  const mirror = n - 1 - i;
  if (i === mirror) return 0;
  return i < mirror ? -a[i]! : a[mirror]!;
}

function pValueFor(w: number, oneMinusW: number, n: number): number {
  if (n === 3) return Math.max(0, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.PI / 3));
  let y = Math.log(oneMinusW);
  const logN = Math.log(n);
  let mean: number;
  let sd: number;
  if (n <= 11) {
    const gamma = poly(G, n);
    if (y >= gamma) return 1e-99;
    y = -Math.log(gamma - y);
    mean = poly(C3, n);
    sd = Math.exp(poly(C4, n));
  } else {
    mean = poly(C5, logN);
    sd = Math.exp(poly(C6, logN));
  }
  return normSf((y - mean) / sd);
}

/** Needs n ≥ 3. A sample with zero range gives W = 1, p = 1 (scipy warns and does the same). */
export function shapiroWilk(values: ArrayLike<number>): ShapiroResult {
  const n = values.length;
  if (n < 3) throw new RangeError('Shapiro–Wilk needs at least 3 values');
  // scipy subtracts x[n//2] of the input order before sorting (gh-15777).
  const shift = values[Math.floor(n / 2)]!;
  const x = mapToFloat64(values, (value) => value - shift).sort();
  const range = x[n - 1]! - x[0]!;
  if (range < SMALL) return { statistic: 1, pValue: 1 };
  const a = shapiroCoefficients(n);
  let meanA = 0;
  let meanX = 0;
  for (let i = 0; i < n; i++) {
    meanA += signedCoefficient(a, i, n);
    meanX += x[i]! / range;
  }
  meanA /= n;
  meanX /= n;
  let ssa = 0;
  let ssx = 0;
  let sax = 0;
  for (let i = 0; i < n; i++) {
    const da = signedCoefficient(a, i, n) - meanA;
    const dx = x[i]! / range - meanX;
    ssa += da * da;
    ssx += dx * dx;
    sax += da * dx;
  }
  const root = Math.sqrt(ssa * ssx);
  const oneMinusW = ((root - sax) * (root + sax)) / (ssa * ssx);
  const w = 1 - oneMinusW;
  return { statistic: w, pValue: pValueFor(w, oneMinusW, n) };
}
