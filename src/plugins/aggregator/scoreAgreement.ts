import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { collectScores, comparePython, CriteriaOptionSchema, isScore, scoresOf } from '../../core/analytics/scores';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { averageCorrelation, cronbachAlpha, cronbachAlphaCompat, krippendorffAlphaInterval, type Matrix } from '../../core/stats/agreement';

export const ScoreAgreementOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_items: z.number().int().min(2).default(2),
  /** true: the original's Cronbach formula and positional (unaligned) rows. */
  compat: z.boolean().default(false),
  on_error: OnErrorSchema,
});
export type ScoreAgreementOptions = z.infer<typeof ScoreAgreementOptionsSchema>;

/** The original's matrix: the i-th value of each criterion side by side, padded with NaN. */
function positionalMatrix(columns: number[][]): Matrix {
  const length = Math.max(...columns.map((column) => column.length));
  return Array.from({ length }, (_, i) => Float64Array.from(columns, (column) => column[i] ?? Number.NaN));
}

/** One row per record, so a missing value leaves a gap instead of shifting later rows. */
function recordMatrix(records: readonly ExperimentRecord[], criteria: string[]): Matrix {
  return records.map((record) => {
    const scores = scoresOf(record) ?? {};
    return Float64Array.from(criteria, (criterion) => (isScore(scores[criterion]) ? (scores[criterion] as number) : Number.NaN));
  });
}

function agreement(records: readonly ExperimentRecord[], config: ScoreAgreementOptions): Record<string, unknown> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const byCriterion = collectScores(records);
  const criteria = [...byCriterion.keys()]
    .filter((criterion) => (!wanted || wanted.has(criterion)) && byCriterion.get(criterion)!.length >= config.min_items)
    .sort(comparePython);
  if (criteria.length < 2) return {};
  const full = config.compat ? positionalMatrix(criteria.map((c) => byCriterion.get(c)!)) : recordMatrix(records, criteria);
  const matrix = full.filter((row) => row.some((value) => !Number.isNaN(value)));
  if (matrix.length < config.min_items) return {};
  return {
    criteria,
    cronbach_alpha: config.compat ? cronbachAlphaCompat(matrix) : cronbachAlpha(matrix),
    average_correlation: averageCorrelation(matrix),
    krippendorff_alpha: krippendorffAlphaInterval(matrix),
    method: config.compat
      ? 'cronbach_alpha_compat (total variance of all cells, positional rows); krippendorff_alpha interval'
      : 'cronbach_alpha (variance of row totals, complete records); krippendorff_alpha interval',
  };
}

export const scoreAgreement = definePlugin({
  name: 'score_agreement',
  kind: 'aggregator',
  description: "Agreement between criteria: Cronbach's alpha, mean pairwise correlation, Krippendorff's alpha.",
  configSchema: ScoreAgreementOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_agreement',
      finalize: (records) => guardAnalytics('score_agreement', config.on_error, deps.logger, () => agreement(records, config)),
    };
  },
});
