import { NA_TEXT } from '../../core/data/pandasNA';
import { rememberKeyOrder } from '../../core/data/keyOrder';
import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, roundTo } from '../../core/analytics/scores';
import { CELL_SCORE, scoreTable } from '../../core/analytics/scoreTable';
import { pythonCellText } from '../../core/data/pandasCells';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean } from '../../core/stats/descriptive';
import { pooledEffect } from './criteriaEffects';

export const CategoryEffectsOptionsSchema = options({
  category_field: z.string().default('category'),
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(1).default(2),
  top_n: z.number().int().min(0).default(10),
  on_error: OnErrorSchema,
});
export type CategoryEffectsOptions = z.infer<typeof CategoryEffectsOptionsSchema>;

/**
 * `str(value)` of the row's category as pandas holds it (docs/original-behaviour.md §3.14): a
 * numeric category of a float column is `2.0`, empty cells are NaN and group as `nan`;
 * booleans count (Python's bool is an int), a column the row lacks does not.
 */
function categoryOf(record: ExperimentRecord, field: string): string | undefined {
  const value = record.row?.[field];
  // NaN is a float (category `nan`); pd.NA of a nullable column is neither str nor number, so it is left out.
  const missing = value === null ? record.row_floats?.[field] : undefined;
  const known = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (missing !== undefined && missing !== NA_TEXT);
  return known ? pythonCellText(record.row, field, record.row_floats) : undefined;
}

/** Scores per category and criterion (criteria in first-seen order within the category), records in order. */
function scoresByCategory(records: readonly ExperimentRecord[], config: CategoryEffectsOptions): Map<string, Map<string, number[]>> {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const byCategory = new Map<string, Map<string, number[]>>();
  const columns = [...scoreTable(records).scores].filter(([criterion]) => !wanted || wanted.has(criterion));
  records.forEach((record, index) => {
    const category = categoryOf(record, config.category_field);
    if (category === undefined) return;
    const byCriterion = byCategory.get(category) ?? new Map<string, number[]>();
    byCategory.set(category, byCriterion);
    for (const [criterion, column] of columns) {
      if (column.state[index] !== CELL_SCORE) continue;
      const list = byCriterion.get(criterion) ?? [];
      byCriterion.set(criterion, list);
      list.push(column.values[index]!);
    }
  });
  return byCategory;
}

/**
 * The pooled scores of one category: criterion by criterion over the criteria the baseline
 * scored in it, the variant's scores of those same criteria (a criterion only the variant
 * has is left out), as the original pools them.
 */
function pooled(baseline: Map<string, number[]>, variant: Map<string, number[]> | undefined): { b: number[]; v: number[] } {
  const b: number[] = [];
  const v: number[] = [];
  for (const [criterion, scores] of baseline) {
    b.push(...scores);
    v.push(...(variant?.get(criterion) ?? []));
  }
  return { b, v };
}

function effects(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: CategoryEffectsOptions): Record<string, unknown> {
  // Categories come from the baseline rows (docs/original-behaviour.md §3.14), in first-seen order.
  const baselineScores = scoresByCategory(baseline, config);
  const variantScores = scoresByCategory(variant, config);
  const impacts: { category: string; effect_size: number | null; [key: string]: unknown }[] = [];
  for (const [category, byCriterion] of baselineScores) {
    const { b, v } = pooled(byCriterion, variantScores.get(category));
    if (b.length < config.min_samples || v.length < config.min_samples) continue;
    const effect = pooledEffect(b, v, 1e-10);
    impacts.push({
      category,
      baseline_mean: roundTo(mean(b), 2),
      variant_mean: roundTo(mean(v), 2),
      delta: roundTo(mean(v) - mean(b), 2),
      effect_size: effect === null ? null : roundTo(effect, 3),
      baseline_samples: b.length,
      variant_samples: v.length,
    });
  }
  if (impacts.length === 0) return {};
  // Keyed by category as the original's dict (first-seen order here; the original's came from a set).
  // A null prototype: a category named `__proto__` is data.
  const byCategory = Object.create(null) as Record<string, unknown>;
  for (const { category, ...impact } of impacts) byCategory[category] = impact;
  // Integer-like categories ("2024") stay in first-seen order too (data/keyOrder.ts).
  rememberKeyOrder(byCategory, impacts.map((impact) => impact.category));
  const size = (entry: { effect_size: number | null }) => Math.abs(entry.effect_size ?? 0);
  const ranked = [...impacts].sort((a, b) => size(b) - size(a));
  return {
    category_impacts: byCategory,
    most_affected: ranked.slice(0, config.top_n),
    least_affected: config.top_n > 0 ? ranked.slice(-config.top_n) : [],
    total_categories: impacts.length,
    method: `cohens_d (pooled) per ${config.category_field}, scores pooled across criteria`,
  };
}

export const categoryEffects = definePlugin({
  name: 'category_effects',
  kind: 'baseline',
  description: 'Which categories of rows the variant changed most (Cohen\'s d per category).',
  configSchema: CategoryEffectsOptionsSchema,
  create(config, deps) {
    return {
      name: 'category_effects',
      compare: (baseline, variant) =>
        guardAnalytics('category_effects', config.on_error, deps.logger, () => effects(baseline.results, variant.results, config)),
    };
  },
});
