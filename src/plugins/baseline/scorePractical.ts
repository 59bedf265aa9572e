import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairedScores, pairRecordsCached, PairBySchema, type PairedColumn } from '../../core/analytics/pairing';
import { comparePython, CriteriaOptionSchema } from '../../core/analytics/scores';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean, median } from '../../core/stats/descriptive';

export const ScorePracticalOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  threshold: z.number().default(1.0),
  success_threshold: z.number().default(4.0),
  min_samples: z.number().int().min(1).default(1),
  pair_by: PairBySchema.default('index'),
  /** true: NNT is Infinity when the success rate does not improve (the original). */
  compat: z.boolean().default(false),
  on_error: OnErrorSchema,
});
export type ScorePracticalOptions = z.infer<typeof ScorePracticalOptionsSchema>;

function practical(pairs: PairedColumn, config: ScorePracticalOptions): Record<string, unknown> {
  const n = pairs.baseline.length;
  const differences = pairs.variant.map((v, i) => v - pairs.baseline[i]!);
  const baselineRate = pairs.baseline.filter((b) => b >= config.success_threshold).length / n;
  const variantRate = pairs.variant.filter((v) => v >= config.success_threshold).length / n;
  const delta = variantRate - baselineRate;
  const infinite = !(delta > 0);
  return {
    pairs: n,
    mean_difference: mean(differences),
    median_difference: median(differences),
    meaningful_change_rate: differences.filter((d) => Math.abs(d) >= config.threshold).length / n,
    success_threshold: config.success_threshold,
    baseline_success_rate: baselineRate,
    variant_success_rate: variantRate,
    success_delta: delta,
    number_needed_to_treat: infinite ? (config.compat ? Infinity : null) : 1 / delta,
    nnt_infinite: infinite,
    method: `paired by ${config.pair_by}`,
  };
}

export const scorePractical = definePlugin({
  name: 'score_practical',
  kind: 'baseline',
  description: 'Paired practical significance: meaningful-change rate, success rates and number needed to treat.',
  configSchema: ScorePracticalOptionsSchema,
  create(config, deps) {
    const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
    return {
      name: 'score_practical',
      compare: (baseline, variant) =>
        guardAnalytics('score_practical', config.on_error, deps.logger, () => {
          const pairs = pairRecordsCached(baseline.results, variant.results, config.pair_by);
          const byCriterion = pairedScores(pairs, baseline.results, variant.results);
          const output: Record<string, unknown> = {};
          for (const criterion of [...byCriterion.keys()].sort(comparePython)) {
            const column = byCriterion.get(criterion)!;
            if ((wanted && !wanted.has(criterion)) || column.baseline.length < config.min_samples) continue;
            output[criterion] = practical(column, config);
          }
          return output;
        }),
    };
  },
});
