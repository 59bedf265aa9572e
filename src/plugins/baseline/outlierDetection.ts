import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairRecordsCached, PairBySchema, type RecordPair } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, roundTo } from '../../core/analytics/scores';
import { CELL_SCORE, scoreTable, type ScoreColumn, type ScoreTable } from '../../core/analytics/scoreTable';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';

export const OutlierDetectionOptionsSchema = options({
  top_n: z.number().int().min(0).default(10),
  criteria: CriteriaOptionSchema,
  min_delta: z.number().default(0),
  /** The original pairs by the row's `id` column. */
  pair_by: PairBySchema.default('id'),
  on_error: OnErrorSchema,
});
export type OutlierDetectionOptions = z.infer<typeof OutlierDetectionOptionsSchema>;

interface Candidate {
  pair: RecordPair;
  delta: number;
  baselineMean: number;
  variantMean: number;
}

/** Mean of the selected criteria's scores at one record position (NaN when it has none). */
function meanAt(columns: readonly ScoreColumn[], index: number): number {
  let total = 0;
  let count = 0;
  for (const column of columns) {
    if (column.state[index] !== CELL_SCORE) continue;
    total += column.values[index]!;
    count++;
  }
  return count > 0 ? total / count : Number.NaN;
}

function scoresAt(table: ScoreTable, index: number, wanted?: Set<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [criterion, column] of table.scores) {
    if ((!wanted || wanted.has(criterion)) && column.state[index] === CELL_SCORE) out[criterion] = roundTo(column.values[index]!, 2);
  }
  return out;
}

/** The id as the original reports it: the row's own value (`7` stays a number), else the key it was paired by. */
function idOf(pair: RecordPair, column: string): string | number {
  const value = pair.baseline.row?.[column];
  return typeof value === 'number' || typeof value === 'string' ? value : pair.key;
}

function outliers(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: OutlierDetectionOptions): Record<string, unknown> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const before = scoreTable(baseline);
  const after = scoreTable(variant);
  const selected = (table: ScoreTable) => [...table.scores].filter(([criterion]) => !wanted || wanted.has(criterion)).map(([, column]) => column);
  const [beforeColumns, afterColumns] = [selected(before), selected(after)];
  const found: Candidate[] = [];
  for (const pair of pairRecordsCached(baseline, variant, config.pair_by)) {
    const baselineMean = meanAt(beforeColumns, pair.baselineIndex);
    const variantMean = meanAt(afterColumns, pair.variantIndex);
    if (Number.isNaN(baselineMean) || Number.isNaN(variantMean)) continue;
    const delta = Math.abs(variantMean - baselineMean);
    if (delta < config.min_delta) continue;
    found.push({ pair, delta: roundTo(delta, 2), baselineMean, variantMean });
  }
  if (found.length === 0) return {};
  // Stable sort on the rounded delta, as the original sorts.
  found.sort((a, b) => b.delta - a.delta);
  const describe = (candidate: Candidate) => ({
    id: idOf(candidate.pair, config.pair_by),
    baseline_mean: roundTo(candidate.baselineMean, 2),
    variant_mean: roundTo(candidate.variantMean, 2),
    delta: candidate.delta,
    direction: candidate.variantMean > candidate.baselineMean ? 'higher' : 'lower',
    baseline_scores: scoresAt(before, candidate.pair.baselineIndex, wanted),
    variant_scores: scoresAt(after, candidate.pair.variantIndex, wanted),
  });
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
