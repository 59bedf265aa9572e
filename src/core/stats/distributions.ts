/**
 * Distribution functions from the stdlib-js project (`@stdlib/stats-base-dists-*`,
 * `@stdlib/math-base-special-*`): ports of Boost and Cephes with documented accuracy.
 * Upper tails are computed from the regularized incomplete beta directly rather than as
 * 1 - cdf, so small p-values keep their relative precision.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileFn from '@stdlib/stats-base-dists-normal-quantile';
import tCdfFn from '@stdlib/stats-base-dists-t-cdf';
import tQuantileFn from '@stdlib/stats-base-dists-t-quantile';

export { betainc, gammaln };

/** Φ(x). */
export function normCdf(x: number): number {
  return normalCdf(x, 0, 1);
}

/** 1 − Φ(x), accurate in the upper tail. */
export function normSf(x: number): number {
  return normalCdf(-x, 0, 1);
}

/** Φ⁻¹(p). */
export function normPpf(p: number): number {
  return normalQuantileFn(p, 0, 1);
}

export function tCdf(x: number, df: number): number {
  return tCdfFn(x, df);
}

/** P(T > x) for Student's t with `df` degrees of freedom (df may be fractional). */
export function tSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 1;
  const tail = 0.5 * betainc(df / (df + x * x), df / 2, 0.5);
  return x >= 0 ? tail : 1 - tail;
}

/** Two-sided p-value 2·P(T > |t|). */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tSf(Math.abs(t), df));
}

export function tPpf(p: number, df: number): number {
  return tQuantileFn(p, df);
}

/** P(F > x) for the F distribution with (d1, d2) degrees of freedom. */
export function fSf(x: number, d1: number, d2: number): number {
  if (Number.isNaN(x) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return betainc(d2 / (d2 + d1 * x), d2 / 2, d1 / 2);
}

/** P(X > x) for chi-square with k degrees of freedom. */
export function chi2Sf(x: number, k: number): number {
  if (x <= 0) return 1;
  return 1 - chisquareCdf(x, k);
}

/** Binomial P(X ≤ k) for X ~ Bin(n, p), through the incomplete beta. */
export function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betainc(p, k + 1, n - k, true, true);
}

/** Binomial P(X = k) for X ~ Bin(n, p), in log space (exact enough for n in the millions). */
export function binomPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}
