import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { collectScores, comparePython, CriteriaOptionSchema } from '../../core/analytics/scores';
import { scoreTable } from '../../core/analytics/scoreTable';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { pick } from '../../core/stats/descriptive';
import { averageCorrelation, cronbachAlpha, cronbachAlphaCompat, krippendorffAlphaInterval, type Columns } from '../../core/stats/agreement';

export const ScoreAgreementOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_items: z.number().int().min(2).default(2),
  /** true: the original's Cronbach formula and positional (unaligned) rows. */
  compat: z.boolean().default(false),
  on_error: OnErrorSchema,
});
export type ScoreAgreementOptions = z.infer<typeof ScoreAgreementOptionsSchema>;

/** The original's matrix: the i-th value of each criterion side by side, padded with NaN. */
function positionalColumns(lists: number[][]): Columns {
  const length = Math.max(...lists.map((list) => list.length));
  return lists.map((list) => Float64Array.from({ length }, (_, i) => list[i] ?? Number.NaN));
}

/** One row per record, so a missing value leaves a gap instead of shifting later rows. */
function recordColumns(records: readonly ExperimentRecord[], criteria: string[]): Columns {
  const table = scoreTable(records);
  return criteria.map((criterion) => table.scores.get(criterion)?.values ?? new Float64Array(records.length).fill(Number.NaN));
}

/** Drops rows where every criterion is missing. */
function dropEmptyRows(columns: Columns): Columns {
  const keep: number[] = [];
  for (let row = 0; row < (columns[0]?.length ?? 0); row++) {
    let any = false;
    for (const column of columns) any ||= !Number.isNaN(column[row]!);
    if (any) keep.push(row);
  }
  if (keep.length === (columns[0]?.length ?? 0)) return columns;
  return columns.map((column) => pick(column, keep));
}

function agreement(records: readonly ExperimentRecord[], config: ScoreAgreementOptions): Record<string, unknown> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const byCriterion = collectScores(records);
  const criteria = [...byCriterion.keys()]
    .filter((criterion) => (!wanted || wanted.has(criterion)) && byCriterion.get(criterion)!.length >= config.min_items)
    .sort(comparePython);
  if (criteria.length < 2) return {};
  const full = config.compat ? positionalColumns(criteria.map((c) => byCriterion.get(c)!)) : recordColumns(records, criteria);
  const matrix = dropEmptyRows(full);
  if ((matrix[0]?.length ?? 0) < config.min_items) return {};
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
