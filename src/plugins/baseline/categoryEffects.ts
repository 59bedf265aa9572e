import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { CriteriaOptionSchema, isScore, roundTo, scoresOf } from '../../core/analytics/scores';
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

function categoryOf(record: ExperimentRecord, field: string): string | undefined {
  const value = record.row?.[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Scores of one category, pooled across the selected criteria. */
function pooledScores(records: readonly ExperimentRecord[], category: string, config: CategoryEffectsOptions): number[] {
  const wanted = config.criteria && config.criteria.length > 0 ? new Set(config.criteria) : undefined;
  const values: number[] = [];
  for (const record of records) {
    if (categoryOf(record, config.category_field) !== category) continue;
    for (const [criterion, value] of Object.entries(scoresOf(record) ?? {})) {
      if ((!wanted || wanted.has(criterion)) && isScore(value)) values.push(value);
    }
  }
  return values;
}

function effects(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: CategoryEffectsOptions): Record<string, unknown> {
  const categories = [...new Set(baseline.map((record) => categoryOf(record, config.category_field)).filter((c): c is string => c !== undefined))];
  const impacts: Record<string, unknown>[] = [];
  for (const category of categories) {
    const b = pooledScores(baseline, category, config);
    const v = pooledScores(variant, category, config);
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
  const size = (entry: Record<string, unknown>) => Math.abs((entry.effect_size as number | null) ?? 0);
  impacts.sort((a, b) => size(b) - size(a));
  return {
    category_impacts: impacts,
    most_affected: impacts.slice(0, config.top_n),
    least_affected: config.top_n > 0 ? impacts.slice(-config.top_n) : [],
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
