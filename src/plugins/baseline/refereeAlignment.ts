import { z } from 'zod';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { parseFloatText as parsePythonFloat } from '../../core/python';
import { CriteriaOptionSchema } from '../../core/analytics/scores';
import { CELL_SCORE, scoreTable } from '../../core/analytics/scoreTable';
import type { ExperimentRecord } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mean, pearson, std } from '../../core/stats/descriptive';

const DEFAULT_MAPPING: Record<string, number | null> = { yes: 5, no: 1, partially: 3, partial: 3, 'n/a': null, na: null };

export const RefereeAlignmentOptionsSchema = options({
  referee_fields: z.array(z.string()).default(['referee_score']),
  score_field: z.string().default('scores'),
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(1).default(2),
  value_mapping: z.record(z.string(), z.number().nullable()).default({}),
  on_error: OnErrorSchema,
});
export type RefereeAlignmentOptions = z.infer<typeof RefereeAlignmentOptionsSchema>;

function refereeValue(raw: unknown, mapping: Record<string, number | null>): number | null {
  // Python's bool is an int: the original's float(True) is 1.0.
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'number') return Number.isNaN(raw) ? null : raw;
  if (typeof raw !== 'string') return null;
  const key = raw.trim().toLowerCase();
  if (key in mapping) return mapping[key] ?? null;
  const parsed = parsePythonFloat(key);
  return parsed === undefined || Number.isNaN(parsed) ? null : parsed;
}

function pairsFor(records: readonly ExperimentRecord[], config: RefereeAlignmentOptions, criteria: readonly string[] | undefined): [number, number][] {
  const mapping = { ...DEFAULT_MAPPING, ...Object.fromEntries(Object.entries(config.value_mapping).map(([k, v]) => [k.toLowerCase(), v])) };
  const pairs: [number, number][] = [];
  const table = scoreTable(records, config.score_field);
  const columns = [...table.scores].filter(([criterion]) => !criteria || criteria.includes(criterion)).map(([, column]) => column);
  const referees: number[] = [];
  const llm: number[] = [];
  records.forEach((record, index) => {
    referees.length = 0;
    llm.length = 0;
    for (const field of config.referee_fields) {
      const value = refereeValue(record.row?.[field], mapping);
      if (value !== null) referees.push(value);
    }
    if (referees.length === 0) return;
    for (const column of columns) if (column.state[index] === CELL_SCORE) llm.push(column.values[index]!);
    if (llm.length === 0) return;
    pairs.push([mean(llm), mean(referees)]);
  });
  return pairs;
}

function alignment(pairs: [number, number][], minSamples: number): Record<string, number | null> {
  if (pairs.length < minSamples || pairs.length === 0) return {};
  const llm = pairs.map(([l]) => l);
  const referee = pairs.map(([, r]) => r);
  const errors = pairs.map(([l, r]) => l - r);
  const r = pairs.length >= 2 ? pearson(llm, referee) : Number.NaN;
  return {
    samples: pairs.length,
    mean_absolute_error: mean(errors.map(Math.abs)),
    root_mean_square_error: Math.sqrt(mean(errors.map((e) => e * e))),
    correlation: Number.isNaN(r) ? null : r,
    agreement_rate_within_1: errors.filter((e) => Math.abs(e) <= 1.0).length / pairs.length,
    llm_mean: mean(llm),
    llm_std: std(llm, 0),
    referee_mean: mean(referee),
    referee_std: std(referee, 0),
  };
}

function comparison(b: Record<string, number | null>, v: Record<string, number | null>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof b.mean_absolute_error === 'number' && typeof v.mean_absolute_error === 'number') {
    out.mae_improved = v.mean_absolute_error < b.mean_absolute_error;
    out.mae_difference = v.mean_absolute_error - b.mean_absolute_error;
  }
  if (typeof b.correlation === 'number' && typeof v.correlation === 'number') {
    out.correlation_improved = v.correlation > b.correlation;
    out.correlation_difference = v.correlation - b.correlation;
  }
  return out;
}

function align(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], config: RefereeAlignmentOptions): Record<string, unknown> {
  const criteria = config.criteria && config.criteria.length > 0 ? config.criteria : undefined;
  const b = alignment(pairsFor(baseline, config, criteria), config.min_samples);
  const v = alignment(pairsFor(variant, config, criteria), config.min_samples);
  const output: Record<string, unknown> = { baseline: b, variant: v, comparison: comparison(b, v), method: 'llm mean of criteria vs mean of referee fields' };
  if (criteria) {
    output.criteria = Object.fromEntries(
      criteria.map((criterion) => [
        criterion,
        { baseline: alignment(pairsFor(baseline, config, [criterion]), config.min_samples), variant: alignment(pairsFor(variant, config, [criterion]), config.min_samples) },
      ]),
    );
  }
  return output;
}

export const refereeAlignment = definePlugin({
  name: 'referee_alignment',
  kind: 'baseline',
  description: 'How closely model scores track human referee scores, baseline versus variant.',
  configSchema: RefereeAlignmentOptionsSchema,
  create(config, deps) {
    return {
      name: 'referee_alignment',
      compare: (baseline, variant) =>
        guardAnalytics('referee_alignment', config.on_error, deps.logger, () => align(baseline.results, variant.results, config)),
    };
  },
});
