import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, compareByCriterion, roundTo } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean, variance } from '../../core/stats/descriptive';
import { mannWhitneyU } from '../../core/stats/mannWhitney';

export const CriteriaEffectsOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(1).default(2),
  alpha: z.number().default(0.05),
  on_error: OnErrorSchema,
});

/** Cohen's d with pooled sample variance; null when either group has n < 2 or no spread. */
export function pooledEffect(b: number[], v: number[], minimumVariance = 0): number | null {
  if (b.length < 2 || v.length < 2) return null;
  const pooled = ((b.length - 1) * variance(b, 1) + (v.length - 1) * variance(v, 1)) / (b.length + v.length - 2);
  return pooled > minimumVariance ? (mean(v) - mean(b)) / Math.sqrt(pooled) : null;
}

export const criteriaEffects = definePlugin({
  name: 'criteria_effects',
  kind: 'baseline',
  description: "Per-criterion mean change, Cohen's d and Mann–Whitney significance.",
  configSchema: CriteriaEffectsOptionsSchema,
  create(config, deps) {
    return {
      name: 'criteria_effects',
      compare: (baseline, variant) =>
        guardAnalytics('criteria_effects', config.on_error, deps.logger, () =>
          compareByCriterion(baseline.results, variant.results, { criteria: config.criteria, minSamples: config.min_samples }, (b, v) => {
            const effect = pooledEffect(b, v);
            const test = mannWhitneyU(b, v);
            return {
              baseline_mean: roundTo(mean(b), 2),
              variant_mean: roundTo(mean(v), 2),
              delta: roundTo(mean(v) - mean(b), 2),
              effect_size: effect === null ? null : roundTo(effect, 3),
              p_value: Number.isNaN(test.pValue) ? null : roundTo(test.pValue, 4),
              significant: test.pValue < config.alpha,
              n_baseline: b.length,
              n_variant: v.length,
              method: `mann_whitney_${test.method}`,
            };
          }),
        ),
    };
  },
});
