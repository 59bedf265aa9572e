/**
 * Proportions: Wilson score intervals, and intervals for a difference of two proportions by
 * Newcombe's hybrid score method (square-and-add of Wilson intervals), for independent
 * samples (Newcombe 1998a, method 10) and for paired samples (Newcombe 1998b, method 10,
 * with the phi correlation correction). Chosen for coverage close to nominal with small
 * samples and proportions near 0 or 1, where Wald intervals fail (Fagerland, Lydersen and
 * Laake 2015, "Recommended confidence intervals for two independent binomial proportions";
 * 2014 for paired). Goldens: tests/core/stats/fixtures/generateProportionGoldens.py.
 */
import { normPpf } from './distributions';

export type Interval = [number, number];

/** Wilson score interval for k successes in n trials (scipy's `binomtest(k, n).proportion_ci(method='wilson')`). */
export function wilsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return [Number.NaN, Number.NaN];
  const z = normPpf(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** Variant proportion minus baseline proportion for two independent samples. */
export function newcombeUnpairedInterval(variantK: number, variantN: number, baselineK: number, baselineN: number, confidence = 0.95): Interval {
  const p1 = variantK / variantN;
  const p2 = baselineK / baselineN;
  const [l1, u1] = wilsonInterval(variantK, variantN, confidence);
  const [l2, u2] = wilsonInterval(baselineK, baselineN, confidence);
  const difference = p1 - p2;
  return clampDifference([difference - Math.hypot(p1 - l1, u2 - p2), difference + Math.hypot(u1 - p1, p2 - l2)]);
}

/**
 * A paired 2x2 table: `both` right on baseline and variant, `baselineOnly` right only on the
 * baseline, `variantOnly` right only on the variant, `neither`.
 */
export interface PairedTable {
  both: number;
  baselineOnly: number;
  variantOnly: number;
  neither: number;
}

export function pairedTableOf(pairs: readonly (readonly [boolean, boolean])[]): PairedTable {
  const table: PairedTable = { both: 0, baselineOnly: 0, variantOnly: 0, neither: 0 };
  for (const [baseline, variant] of pairs) {
    if (baseline && variant) table.both++;
    else if (baseline) table.baselineOnly++;
    else if (variant) table.variantOnly++;
    else table.neither++;
  }
  return table;
}

/**
 * Variant minus baseline proportion on paired rows: Newcombe's method 10, the Wilson
 * intervals of both marginal proportions combined with the table's phi coefficient.
 */
export function newcombePairedInterval(table: PairedTable, confidence = 0.95): Interval {
  const { both: a, baselineOnly: b, variantOnly: c, neither: d } = table;
  const n = a + b + c + d;
  if (n === 0) return [Number.NaN, Number.NaN];
  const variantRight = a + c;
  const baselineRight = a + b;
  const p1 = variantRight / n;
  const p2 = baselineRight / n;
  const [l1, u1] = wilsonInterval(variantRight, n, confidence);
  const [l2, u2] = wilsonInterval(baselineRight, n, confidence);
  const marginals = (a + b) * (c + d) * (a + c) * (b + d);
  // Newcombe sets phi to 0 when a margin is empty (the correlation is undefined there).
  const phi = marginals === 0 ? 0 : (a * d - b * c) / Math.sqrt(marginals);
  const difference = p1 - p2;
  const lower = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const upper = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  return clampDifference([difference - lower, difference + upper]);
}

/** A difference of proportions lies in [-1, 1]; rounding can step a hair outside. */
function clampDifference([low, high]: Interval): Interval {
  return [Math.max(-1, low), Math.min(1, high)];
}
