/**
 * Survival function of the two-sided one-sample Kolmogorov statistic D_n, following the
 * method choices of scipy's `kstwo` (Simard & L'Ecuyer 2011): Ruben–Gambino closed forms
 * at the extremes, the exact Smirnov sum for x ≥ 0.5 or large n·x², the Durbin matrix
 * (Marsaglia–Tsang–Wang) and Pomeranz recursions for small n, Pelz–Good for large n.
 */
import { gammaln } from './distributions';
import { durbinMatrixCdf, pomeranzCdf } from './kolmogorovMethods';
import { pelzGoodCdf } from './pelzGood';

/** One-sided Smirnov P(D⁺_n ≥ x), the Birnbaum–Tingey sum evaluated in logs. */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const terms = Math.floor(n * (1 - x) + 1e-12);
  let total = 0;
  for (let j = 0; j <= terms; j++) {
    const a = x + j / n;
    const b = 1 - a;
    if (b <= 0) continue;
    const logTerm = gammaln(n + 1) - gammaln(j + 1) - gammaln(n - j + 1) + (j - 1) * Math.log(a) + (n - j) * Math.log(b);
    total += Math.exp(logTerm);
  }
  return Math.min(1, x * total);
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** P(D_n > x). */
export function kolmogorovSf(n: number, x: number): number {
  if (!(n > 0) || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    const logCdf = gammaln(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1);
    return clip(1 - Math.exp(logCdf));
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
