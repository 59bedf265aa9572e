/**
 * CDF of the noncentral t distribution by Lenth's algorithm AS 243 (1989): the series of
 * Poisson-weighted incomplete beta functions, with its own error bound. No maintained
 * JavaScript library provides it; it is checked against independent quadrature in tests.
 */
import { betainc, gammaln, normCdf } from './distributions';

const MAX_TERMS = 5000;
const ERROR_BOUND = 1e-15;

/** P(T ≤ t) for T ~ nct(df, delta). */
export function nctCdf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || Number.isNaN(delta) || !(df > 0)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const negative = t < 0;
  const tt = negative ? -t : t;
  const del = negative ? -delta : delta;
  let total = 0;
  if (tt > 0) {
    const x = (tt * tt) / (tt * tt + df);
    const oneMinusX = df / (tt * tt + df);
    const lambda = del * del;
    // The Poisson weights are carried as logarithms: for |delta| above ~38 the first weights
    // underflow, yet the terms near the Poisson mode carry all the probability.
    let logP = Math.log(0.5) - 0.5 * lambda;
    let logQ = logP + Math.log(Math.sqrt(2 / Math.PI) * Math.abs(del));
    const sign = del < 0 ? -1 : 1;
    let p = Math.exp(logP);
    let q = sign * Math.exp(logQ);
    let s = 0.5 - p;
    let a = 0.5;
    const b = 0.5 * df;
    const rxb = oneMinusX ** b;
    const logBeta = gammaln(a) + gammaln(b) - gammaln(a + b);
    let xOdd = betainc(x, a, b);
    let gOdd = 2 * Math.exp(b * Math.log(oneMinusX) + a * Math.log(x) - logBeta);
    let xEven = 1 - rxb;
    let gEven = b * x * rxb;
    total = p * xOdd + q * xEven;
    for (let term = 1; term <= MAX_TERMS; term++) {
      a += 1;
      xOdd -= gOdd;
      xEven -= gEven;
      gOdd *= (x * (a + b - 1)) / a;
      gEven *= (x * (a + b - 0.5)) / (a + 0.5);
      logP += Math.log(lambda / (2 * term));
      logQ += Math.log(lambda / (2 * term + 1));
      p = Math.exp(logP);
      q = sign * Math.exp(logQ);
      s -= p;
      total += p * xOdd + q * xEven;
      if (2 * s * (xOdd - gOdd) <= ERROR_BOUND && term > lambda / 2) break;
    }
  }
  total += normCdf(-del);
  const cdf = negative ? 1 - total : total;
  return Math.min(1, Math.max(0, cdf));
}

/** P(T > t). */
export function nctSf(t: number, df: number, delta: number): number {
  return nctCdf(-t, df, -delta);
}
