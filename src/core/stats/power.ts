/**
 * Power of t-tests from the noncentral t (as statsmodels' TTestPower / TTestIndPower), the
 * sample size that reaches a target power (not rounded up, as in the original), and the
 * minimum detectable effect at a given size.
 */
import { brentRoot } from './brent';
import { tPpf } from './distributions';
import { nctCdf, nctSf } from './noncentralT';

export interface PowerDesign {
  alpha: number;
  twoSided?: boolean;
}

/** Power for noncentrality `nc` with `df` degrees of freedom. */
function tPower(nc: number, df: number, design: PowerDesign): number {
  const twoSided = design.twoSided ?? true;
  const tail = twoSided ? design.alpha / 2 : design.alpha;
  const upper = tPpf(1 - tail, df);
  let power = nctSf(upper, df, nc);
  if (twoSided) power += nctCdf(tPpf(tail, df), df, nc);
  return power;
}

/** One-sample (or paired) t-test power: df = n − 1, nc = d·√n. */
export function oneSamplePower(effect: number, n: number, design: PowerDesign): number {
  return tPower(effect * Math.sqrt(n), n - 1, design);
}

/** Two-sample t-test power with n per group (equal groups): df = 2n − 2, nc = d·√(n/2). */
export function twoSamplePower(effect: number, nPerGroup: number, design: PowerDesign): number {
  return tPower(effect * Math.sqrt(nPerGroup / 2), 2 * nPerGroup - 2, design);
}

function solveUpward(f: (x: number) => number, start: number): number | null {
  let lo = start;
  let hi = Math.max(start * 2, start + 1);
  while (f(hi) < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return null;
  }
  return brentRoot(f, lo, hi);
}

/** The (real) n at which a power function reaches `target`; null if it cannot. */
export function requiredSampleSize(power: (n: number) => number, target: number, minimumN: number): number | null {
  if (power(minimumN) >= target) return minimumN;
  return solveUpward((n) => power(n) - target, minimumN);
}

/** The smallest positive effect with the target power at this sample size. */
export function minimumDetectableEffect(power: (effect: number) => number, target: number): number | null {
  if (power(1e-12) >= target) return 0;
  return solveUpward((effect) => power(effect) - target, 1e-12);
}
