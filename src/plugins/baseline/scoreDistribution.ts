import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, compareByCriterion } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean, std } from '../../core/stats/descriptive';
import { jensenShannon } from '../../core/stats/jensenShannon';
import { ksTwoSample } from '../../core/stats/ksTwoSample';
import { mannWhitneyU } from '../../core/stats/mannWhitney';

export const ScoreDistributionOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(2).default(2),
  /** true: the Jensen–Shannon histogram range always includes 0 (the original's quirk). */
  compat: z.boolean().default(false),
  on_error: OnErrorSchema,
});
export type ScoreDistributionOptions = z.infer<typeof ScoreDistributionOptionsSchema>;

function attempt<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch {
    return null;
  }
}

function compareDistributions(b: number[], v: number[], config: ScoreDistributionOptions): Record<string, unknown> {
  const ks = attempt(() => ksTwoSample(b, v));
  const mwu = attempt(() => mannWhitneyU(b, v));
  const js = attempt(() => jensenShannon(b, v, { includeZero: config.compat }));
  return {
    baseline_samples: b.length,
    variant_samples: v.length,
    baseline_mean: mean(b),
    variant_mean: mean(v),
    baseline_std: std(b, 1) || 0,
    variant_std: std(v, 1) || 0,
    ks_statistic: ks?.statistic ?? null,
    ks_pvalue: ks?.pValue ?? null,
    mwu_statistic: mwu?.statistic ?? null,
    mwu_pvalue: mwu?.pValue ?? null,
    js_divergence: js?.divergence ?? null,
    method: {
      ks: ks ? `ks_2samp_${ks.method}` : null,
      mwu: mwu ? `mann_whitney_${mwu.method}${mwu.method === 'asymptotic' ? ' (tie and continuity corrected)' : ''}` : null,
      js: js ? `jensen_shannon (${js.bins} auto bins, range ${config.compat ? 'including 0' : 'of the data'})` : null,
    },
  };
}

export const scoreDistribution = definePlugin({
  name: 'score_distribution',
  kind: 'baseline',
  description: 'Distribution shift per criterion: two-sample KS, Mann–Whitney U and Jensen–Shannon divergence.',
  configSchema: ScoreDistributionOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_distribution',
      compare: (baseline, variant) =>
        guardAnalytics('score_distribution', config.on_error, deps.logger, () =>
          compareByCriterion(baseline.results, variant.results, { criteria: config.criteria, minSamples: config.min_samples }, (b, v) =>
            compareDistributions(b, v, config),
          ),
        ),
    };
  },
});
