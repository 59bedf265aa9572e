import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, compareByCriterion } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { adjustPValues, type Adjustment } from '../../core/stats/multipleComparisons';
import { cohensD, summariseGroup, tTest, type TTestMethod } from '../../core/stats/twoSample';

export const ScoreSignificanceOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(2).default(2),
  equal_var: z.boolean().default(false),
  /** none | bonferroni | holm | fdr; anything else means none, as in the original. */
  adjustment: z.string().default('none'),
  family_size: z.number().int().positive().nullish(),
  /** true: `equal_var` keeps the unpooled t and only changes df (the original's quirk). */
  compat: z.boolean().default(false),
  on_error: OnErrorSchema,
});
export type ScoreSignificanceOptions = z.infer<typeof ScoreSignificanceOptionsSchema>;

const ADJUSTMENTS: readonly Adjustment[] = ['bonferroni', 'holm', 'fdr'];

export function testMethod(config: Pick<ScoreSignificanceOptions, 'equal_var' | 'compat'>): TTestMethod {
  if (!config.equal_var) return 'welch_t';
  return config.compat ? 'welch_t_pooled_df_compat' : 'student_t';
}

function criterionTest(b: number[], v: number[], method: TTestMethod): Record<string, unknown> {
  const base = summariseGroup(b);
  const other = summariseGroup(v);
  const test = tTest(base, other, method);
  const sd = (variance: number) => (variance > 0 ? Math.sqrt(variance) : 0);
  return {
    baseline_mean: base.mean,
    variant_mean: other.mean,
    mean_difference: test.meanDifference,
    baseline_std: sd(base.variance),
    variant_std: sd(other.variance),
    baseline_samples: base.n,
    variant_samples: other.n,
    effect_size: cohensD(base, other),
    t_stat: test.t,
    degrees_of_freedom: test.df,
    p_value: test.pValue,
    method,
  };
}

/** Adds `adjusted_p_value` and `adjustment` over the criteria that have a p-value. */
export function applyAdjustment(output: Record<string, Record<string, unknown>>, adjustment: string, familySize?: number | null): void {
  if (!ADJUSTMENTS.includes(adjustment as Adjustment)) return;
  const tested = Object.values(output).filter((entry) => typeof entry.p_value === 'number' && !Number.isNaN(entry.p_value));
  // family_size widens Bonferroni only; Holm and FDR use the tested count (as the original's FDR).
  const adjusted = adjustPValues(tested.map((entry) => entry.p_value as number), adjustment as Adjustment, familySize ?? undefined);
  tested.forEach((entry, i) => {
    entry.adjusted_p_value = adjusted[i];
    entry.adjustment = adjustment;
  });
}

export const scoreSignificance = definePlugin({
  name: 'score_significance',
  kind: 'baseline',
  description: "Welch (or Student) t-test and Cohen's d per criterion, with optional Bonferroni, Holm or FDR adjustment.",
  configSchema: ScoreSignificanceOptionsSchema,
  create(config, deps) {
    const method = testMethod(config);
    return {
      name: 'score_significance',
      compare: (baseline, variant) =>
        guardAnalytics('score_significance', config.on_error, deps.logger, () => {
          const output = compareByCriterion(baseline.results, variant.results, { criteria: config.criteria, minSamples: config.min_samples }, (b, v) =>
            criterionTest(b, v, method),
          );
          applyAdjustment(output, config.adjustment, config.family_size);
          return output;
        }),
    };
  },
});
