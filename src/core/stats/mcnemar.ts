/** McNemar's test on paired pass/fail flags, exact (binomial) as statsmodels' default. */
import { binomCdf } from './distributions';

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
  const discordant = baselineOnly + variantOnly;
  const statistic = Math.min(baselineOnly, variantOnly);
  const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomCdf(statistic, discordant, 0.5));
  return { method: 'mcnemar_exact', pairs: pairs.length, baseline_only: baselineOnly, variant_only: variantOnly, statistic, p_value: pValue };
}
