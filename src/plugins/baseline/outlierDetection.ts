import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairRecordsCached, PairBySchema } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, roundTo } from '../../core/analytics/scores';
import { CELL_SCORE, scoreTable, type ScoreTable } from '../../core/analytics/scoreTable';
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

/** The selected criteria's scores at one record position, in the table's criterion order. */
function selectedScores(table: ScoreTable, index: number, wanted?: Set<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [criterion, column] of table.scores) {
    if ((!wanted || wanted.has(criterion)) && column.state[index] === CELL_SCORE) out[criterion] = column.values[index]!;
  }
  return out;
}

interface Candidate {
  key: string;
  delta: number;
  baseline: Record<string, number>;
  variant: Record<string, number>;
  baselineMean: number;
  variantMean: number;
}

function describe(candidate: Candidate): Record<string, unknown> {
  const rounded = (scores: Record<string, number>) => Object.fromEntries(Object.entries(scores).map(([k, x]) => [k, roundTo(x, 2)]));
  return {
    id: candidate.key,
    baseline_mean: roundTo(candidate.baselineMean, 2),
    variant_mean: roundTo(candidate.variantMean, 2),
    delta: candidate.delta,
    direction: candidate.variantMean > candidate.baselineMean ? 'higher' : 'lower',
    baseline_scores: rounded(candidate.baseline),
    variant_scores: rounded(candidate.variant),
  };
}

function outliers(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: OutlierDetectionOptions): Record<string, unknown> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const found: Candidate[] = [];
  const before = scoreTable(baseline);
  const after = scoreTable(variant);
  for (const pair of pairRecordsCached(baseline, variant, config.pair_by)) {
    const b = selectedScores(before, pair.baselineIndex, wanted);
    const v = selectedScores(after, pair.variantIndex, wanted);
    const bValues = Object.values(b);
    const vValues = Object.values(v);
    if (bValues.length === 0 || vValues.length === 0) continue;
    const baselineMean = mean(bValues);
    const variantMean = mean(vValues);
    const delta = Math.abs(variantMean - baselineMean);
    if (delta < config.min_delta) continue;
    found.push({ key: pair.key, delta: roundTo(delta, 2), baseline: b, variant: v, baselineMean, variantMean });
  }
  if (found.length === 0) return {};
  // Stable sort on the rounded delta, as the original sorts.
  found.sort((a, b) => b.delta - a.delta);
  return {
    top_outliers: found.slice(0, config.top_n).map(describe),
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
