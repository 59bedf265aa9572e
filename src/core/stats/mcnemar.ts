/** McNemar's test on paired pass/fail flags: exact (binomial) as statsmodels' default, and its mid-p variant. */
import { binomCdf, binomPmf } from './distributions';

export interface McNemarResult {
  method: 'mcnemar_exact';
  pairs: number;
  /** Pairs that passed on the baseline and failed on the variant. */
  baseline_only: number;
  /** Pairs that failed on the baseline and passed on the variant. */
  variant_only: number;
  statistic: number;
  p_value: number;
}

export function mcnemar(pairs: readonly (readonly [boolean, boolean])[]): McNemarResult {
  let baselineOnly = 0;
  let variantOnly = 0;
  for (const [before, after] of pairs) {
    if (before && !after) baselineOnly++;
    else if (!before && after) variantOnly++;
  }
  const { exact } = mcnemarPValues(baselineOnly, variantOnly);
  return { method: 'mcnemar_exact', pairs: pairs.length, baseline_only: baselineOnly, variant_only: variantOnly, statistic: Math.min(baselineOnly, variantOnly), p_value: exact };
}

/**
 * Two-sided p-values from the discordant counts: exact = 2·P(X ≤ k), mid-p = 2·P(X < k) +
 * P(X = k) for X ~ Bin(b + c, ½) and k = min(b, c), both capped at 1. The mid-p test keeps
 * its size close to nominal where the exact one is conservative (Fagerland, Lydersen and
 * Laake 2013, "The McNemar test for binary matched-pairs data: mid-p and asymptotic are
 * better than exact conditional").
 */
export function mcnemarPValues(baselineOnly: number, variantOnly: number): { exact: number; midP: number } {
  const discordant = baselineOnly + variantOnly;
  if (discordant === 0) return { exact: 1, midP: 1 };
  const k = Math.min(baselineOnly, variantOnly);
  const exact = Math.min(1, 2 * binomCdf(k, discordant, 0.5));
  const midP = Math.min(1, 2 * binomCdf(k, discordant, 0.5) - binomPmf(k, discordant, 0.5));
  return { exact, midP };
}
