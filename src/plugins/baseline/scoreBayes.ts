import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, compareByCriterion } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { normPpf, normSf, tPpf, tSf } from '../../core/stats/distributions';
import { summariseGroup, unpooledStandardError, welchDf } from '../../core/stats/twoSample';

export const ScoreBayesOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(2).default(2),
  credible_interval: z.number().default(0.95).transform((value) => Math.min(0.999, Math.max(0.5, value))),
  on_error: OnErrorSchema,
});
export type ScoreBayesOptions = z.infer<typeof ScoreBayesOptionsSchema>;

/** Posterior of the mean difference as t(df, loc = d, scale = SE), or Normal(d, SE) without df. */
function posterior(b: number[], v: number[], credible: number): Record<string, unknown> | undefined {
  const base = summariseGroup(b);
  const other = summariseGroup(v);
  const difference = other.mean - base.mean;
  const se = unpooledStandardError(base, other);
  if (!(se > 0)) return undefined;
  const df = welchDf(base, other);
  const tail = (1 - credible) / 2;
  const useT = df !== null && df > 0;
  const probability = useT ? tSf(-difference / se, df) : normSf(-difference / se);
  const half = (useT ? tPpf(1 - tail, df) : normPpf(1 - tail)) * se;
  return {
    baseline_mean: base.mean,
    variant_mean: other.mean,
    mean_difference: difference,
    std_error: se,
    degrees_of_freedom: df,
    prob_variant_gt_baseline: probability,
    credible_interval: [difference - half, difference + half],
    method: useT ? 'welch_t_posterior' : 'normal_posterior',
  };
}

export const scoreBayes = definePlugin({
  name: 'score_bayes',
  kind: 'baseline',
  description: 'Probability that the variant mean exceeds the baseline mean, and a credible interval (Welch-t posterior).',
  configSchema: ScoreBayesOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_bayes',
      compare: (baseline, variant) =>
        guardAnalytics('score_bayes', config.on_error, deps.logger, () =>
          compareByCriterion(baseline.results, variant.results, { criteria: config.criteria, minSamples: config.min_samples }, (b, v) =>
            posterior(b, v, config.credible_interval) ?? undefined,
          ),
        ),
    };
  },
});
