import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairRecords, PairBySchema } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, isScore, roundTo, scoresOf } from '../../core/analytics/scores';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean } from '../../core/stats/descriptive';

export const OutlierDetectionOptionsSchema = options({
  top_n: z.number().int().min(0).default(10),
  criteria: CriteriaOptionSchema,
  min_delta: z.number().default(0),
  /** The original pairs by the row's `id` column. */
  pair_by: PairBySchema.default('id'),
  on_error: OnErrorSchema,
});
export type OutlierDetectionOptions = z.infer<typeof OutlierDetectionOptionsSchema>;

function selectedScores(record: ExperimentRecord, wanted?: Set<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [criterion, value] of Object.entries(scoresOf(record) ?? {})) {
    if ((!wanted || wanted.has(criterion)) && isScore(value)) out[criterion] = value;
  }
  return out;
}

function outliers(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: OutlierDetectionOptions): Record<string, unknown> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const found: { entry: Record<string, unknown>; delta: number }[] = [];
  for (const pair of pairRecords(baseline, variant, config.pair_by)) {
    const b = selectedScores(pair.baseline, wanted);
    const v = selectedScores(pair.variant, wanted);
    if (Object.keys(b).length === 0 || Object.keys(v).length === 0) continue;
    const baselineMean = mean(Object.values(b));
    const variantMean = mean(Object.values(v));
    const delta = Math.abs(variantMean - baselineMean);
    if (delta < config.min_delta) continue;
    const rounded = roundTo(delta, 2);
    found.push({
      delta: rounded,
      entry: {
        id: pair.key,
        baseline_mean: roundTo(baselineMean, 2),
        variant_mean: roundTo(variantMean, 2),
        delta: rounded,
        direction: variantMean > baselineMean ? 'higher' : 'lower',
        baseline_scores: Object.fromEntries(Object.entries(b).map(([k, x]) => [k, roundTo(x, 2)])),
        variant_scores: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundTo(x, 2)])),
      },
    });
  }
  if (found.length === 0) return {};
  found.sort((a, b) => b.delta - a.delta);
  return {
    top_outliers: found.slice(0, config.top_n).map((item) => item.entry),
    total_outliers_found: found.length,
    requested_top_n: config.top_n,
    method: `paired by ${config.pair_by}; |mean(variant) − mean(baseline)| over criteria`,
  };
}

export const outlierDetection = definePlugin({
  name: 'outlier_detection',
  kind: 'baseline',
  description: 'The rows whose mean score moved most between baseline and variant.',
  configSchema: OutlierDetectionOptionsSchema,
  create(config, deps) {
    return {
      name: 'outlier_detection',
      compare: (baseline, variant) =>
        guardAnalytics('outlier_detection', config.on_error, deps.logger, () => outliers(baseline.results, variant.results, config)),
    };
  },
});
