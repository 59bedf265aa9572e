import { z } from 'zod';
import { isScore } from '../../core/analytics/scores';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { maximum, mean, medianSorted, minimum, sortedCopy } from '../../core/stats/descriptive';

export const ScoreVariantRankingOptionsSchema = options({
  threshold: z.number().default(0.7),
  weight_mean: z.number().default(1.0),
  weight_pass: z.number().default(1.0),
});

/** `metrics.score` when set, else the mean of `metrics.scores` (docs/original-behaviour.md §3.4); undefined to skip. */
function recordValue(record: ExperimentRecord): number | undefined {
  const score = record.metrics.score;
  if (score !== null && score !== undefined) return isScore(score) ? score : undefined;
  const scores = record.metrics.scores;
  if (scores === null || typeof scores !== 'object') return undefined;
  const values = Object.values(scores as Record<string, unknown>);
  if (values.length === 0 || !values.every((value) => typeof value === 'number')) return undefined;
  const average = mean(values);
  return Number.isNaN(average) ? undefined : average;
}

export const scoreVariantRanking = definePlugin({
  name: 'score_variant_ranking',
  kind: 'aggregator',
  description: 'Composite score = weight_mean·mean + weight_pass·pass_rate over per-record scores.',
  configSchema: ScoreVariantRankingOptionsSchema,
  create(config) {
    return {
      name: 'score_variant_ranking',
      finalize(records) {
        const values = records.map(recordValue).filter((value): value is number => value !== undefined);
        if (values.length === 0) return {};
        const sorted = sortedCopy(values);
        const average = mean(values);
        const passRate = values.filter((value) => value >= config.threshold).length / values.length;
        return {
          samples: values.length,
          mean: average,
          median: medianSorted(sorted),
          min: minimum(sorted),
          max: maximum(sorted),
          threshold: config.threshold,
          pass_rate: passRate,
          composite_score: config.weight_mean * average + config.weight_pass * passRate,
        };
      },
    };
  },
});
