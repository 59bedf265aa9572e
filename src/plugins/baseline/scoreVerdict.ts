import { z } from 'zod';
import { pairedTest, powerSummary, welchTest, wilcoxonSummary, type IntervalOptions } from '../../core/analytics/comparisonStats';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairedScores, pairRecordsCached, PairBySchema, type RecordPair } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, groupScores } from '../../core/analytics/scores';
import { scoreTable } from '../../core/analytics/scoreTable';
import { decideVerdict, type VerdictInputs } from '../../core/analytics/verdicts';
import type { ExperimentPayload } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { mcnemar } from '../../core/stats/mcnemar';
import { adjustPValues } from '../../core/stats/multipleComparisons';

export const ScoreVerdictOptionsSchema = options({
  criteria: CriteriaOptionSchema,
  min_samples: z.number().int().min(2).default(5),
  alpha: z.number().gt(0).lt(1).default(0.05),
  adjustment: z.enum(['none', 'bonferroni', 'holm', 'fdr']).default('holm'),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  bootstrap_resamples: z.number().int().min(100).default(2000),
  seed: z.number().int().default(20240611),
  /** Above this many values (both groups together) intervals are analytic, not bootstrapped. */
  bootstrap_max_values: z.number().int().min(0).default(5000),
  target_power: z.number().gt(0).lt(1).default(0.8),
  pair_by: PairBySchema.default('id'),
  /** auto: paired tests when at least min_samples rows pair up; never: always unpaired. */
  paired: z.enum(['auto', 'never']).default('auto'),
  flag_field: z.string().default('score_flags'),
  on_error: OnErrorSchema,
});
export type ScoreVerdictOptions = z.infer<typeof ScoreVerdictOptionsSchema>;

function flagPairs(pairs: readonly RecordPair[], before: Int8Array | undefined, after: Int8Array | undefined): [boolean, boolean][] {
  const out: [boolean, boolean][] = [];
  if (!before || !after) return out;
  for (const pair of pairs) {
    const b = before[pair.baselineIndex]!;
    const v = after[pair.variantIndex]!;
    if (b >= 0 && v >= 0) out.push([b === 1, v === 1]);
  }
  return out;
}

function compareCriterion(b: number[], v: number[], diffs: number[], flags: [boolean, boolean][], config: ScoreVerdictOptions) {
  const intervals: IntervalOptions = { resamples: config.bootstrap_resamples, seed: config.seed, confidence: config.confidence, maxValues: config.bootstrap_max_values };
  const unpaired = welchTest(b, v, intervals);
  const usePaired = config.paired === 'auto' && diffs.length >= config.min_samples;
  const primary = usePaired ? pairedTest(diffs, intervals) : unpaired;
  return {
    method: primary.method,
    baseline_samples: b.length,
    variant_samples: v.length,
    pairs: diffs.length,
    mean_difference: primary.mean_difference,
    t_stat: primary.t_stat,
    degrees_of_freedom: primary.degrees_of_freedom,
    p_value: primary.p_value,
    adjusted_p_value: null as number | null,
    mean_difference_interval: primary.mean_difference_interval,
    interval_method: primary.interval_method,
    effect_size: unpaired.effect_size,
    effect_size_interval: unpaired.effect_size_interval,
    effect_size_interval_method: unpaired.interval_method,
    unpaired: usePaired ? { method: 'welch_t', mean_difference: unpaired.mean_difference, t_stat: unpaired.t_stat, degrees_of_freedom: unpaired.degrees_of_freedom, p_value: unpaired.p_value } : null,
    wilcoxon: diffs.length > 0 ? wilcoxonSummary(diffs) : null,
    mcnemar: flags.length > 0 ? mcnemar(flags) : null,
    power: powerSummary(unpaired.effect_size, Math.min(b.length, v.length), config.alpha, config.target_power),
  };
}

function verdicts(baseline: ExperimentPayload, variant: ExperimentPayload, config: ScoreVerdictOptions): Record<string, unknown> {
  const groups = groupScores(baseline.results, variant.results, config.criteria);
  const pairs = config.paired === 'never' ? [] : pairRecordsCached(baseline.results, variant.results, config.pair_by);
  const paired = pairedScores(pairs, baseline.results, variant.results);
  const baselineFlags = scoreTable(baseline.results, 'scores', config.flag_field).flags;
  const variantFlags = scoreTable(variant.results, 'scores', config.flag_field).flags;
  const criteria: Record<string, ReturnType<typeof compareCriterion> & { verdict_inputs?: VerdictInputs }> = {};
  for (const criterion of groups.criteria) {
    const column = paired.get(criterion);
    const diffs = column ? column.variant.map((v, i) => v - column.baseline[i]!) : [];
    const flags = flagPairs(pairs, baselineFlags.get(criterion), variantFlags.get(criterion));
    criteria[criterion] = compareCriterion(groups.baseline.get(criterion)!, groups.variant.get(criterion)!, diffs, flags, config);
  }
  const tested = Object.values(criteria).filter((entry) => entry.p_value !== null);
  const adjusted = adjustPValues(tested.map((entry) => entry.p_value!), config.adjustment);
  tested.forEach((entry, i) => (entry.adjusted_p_value = adjusted[i]!));
  const list = Object.entries(criteria).map(([criterion, entry]) => {
    const inputs: VerdictInputs = {
      criterion,
      samples: entry.method === 'paired_t' ? entry.pairs : Math.min(entry.baseline_samples, entry.variant_samples),
      minSamples: config.min_samples,
      meanDifference: entry.mean_difference,
      pValue: entry.p_value,
      adjustedPValue: entry.adjusted_p_value,
      effectSize: entry.effect_size,
      interval: entry.mean_difference_interval,
      alpha: config.alpha,
      method: `${entry.method} + ${config.adjustment} across criteria; ${entry.interval_method}`,
    };
    entry.verdict_inputs = inputs;
    return decideVerdict(inputs);
  });
  return { verdicts: list, adjustment: config.adjustment, alpha: config.alpha, criteria };
}

export const scoreVerdict = definePlugin({
  name: 'score_verdict',
  kind: 'baseline',
  description: 'Per-criterion verdict (improved, degraded, inconclusive, too_few_samples) from adjusted p-values and effect intervals.',
  configSchema: ScoreVerdictOptionsSchema,
  create(config, deps) {
    return {
      name: 'score_verdict',
      compare: (baseline, variant) => guardAnalytics('score_verdict', config.on_error, deps.logger, () => verdicts(baseline, variant, config)),
    };
  },
});
