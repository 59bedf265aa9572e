import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, groupScores } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { levene } from '../../core/stats/levene';
import { shapiroWilk } from '../../core/stats/shapiroWilk';

export const ScoreAssumptionsOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(3).default(3),
  alpha: z.number().default(0.05),
  on_error: OnErrorSchema,
});
export type ScoreAssumptionsOptions = z.infer<typeof ScoreAssumptionsOptionsSchema>;

/** A failing sub-test gives null for that entry only (docs/original-behaviour.md §3.9). */
function attempt<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch {
    return null;
  }
}

function normality(values: number[], config: ScoreAssumptionsOptions) {
  if (values.length < config.min_samples) return null;
  return attempt(() => {
    const result = shapiroWilk(values);
    return { statistic: result.statistic, p_value: result.pValue, is_normal: result.pValue > config.alpha, samples: values.length, method: 'shapiro_wilk (Royston AS R94)' };
  });
}

export const scoreAssumptions = definePlugin({
  name: 'score_assumptions',
  kind: 'baseline',
  description: 'Shapiro–Wilk normality per group and median-centred Levene equal-variance test per criterion.',
  configSchema: ScoreAssumptionsOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_assumptions',
      compare: (baseline, variant) =>
        guardAnalytics('score_assumptions', config.on_error, deps.logger, () => {
          const groups = groupScores(baseline.results, variant.results, config.criteria);
          const output: Record<string, unknown> = {};
          for (const criterion of groups.criteria) {
            const b = groups.baseline.get(criterion)!;
            const v = groups.variant.get(criterion)!;
            const variance =
              b.length >= 2 && v.length >= 2
                ? attempt(() => {
                    const result = levene([b, v]);
                    return { statistic: result.statistic, p_value: result.pValue, equal_variance: result.pValue > config.alpha, method: 'levene_median (Brown–Forsythe)' };
                  })
                : null;
            const entry = { baseline: normality(b, config), variant: normality(v, config), variance };
            if (entry.baseline || entry.variant || entry.variance) output[criterion] = entry;
          }
          return output;
        }),
    };
  },
});
