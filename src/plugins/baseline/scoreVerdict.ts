import { z } from 'zod';
import { CriterionKindSchema, declaredKinds, resolveKind, type CriterionKind, type KindSource, type ResolvedKind } from '../../core/analytics/criterionKinds';
import { VERDICT_TESTS, type CriterionData, type CriterionTest } from '../../core/analytics/verdictTests';
import { guardAnalytics, OnErrorSchema } from '../../core/analytics/onError';
import { pairedScores, pairRecordsCached, PairBySchema, type RecordPair } from '../../core/analytics/pairing';
import { CriteriaOptionSchema, groupScores } from '../../core/analytics/scores';
import { scoreTable } from '../../core/analytics/scoreTable';
import { decideVerdict, type VerdictInputs } from '../../core/analytics/verdicts';
import type { ExperimentPayload } from '../../core/engine/records';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
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
  /** A criterion's kind, when neither its scorer's declaration nor its values should decide (docs/scoring.md#kinds). */
  kinds: z.record(z.string(), CriterionKindSchema).optional(),
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

type CriterionOutput = CriterionTest & { kind: CriterionKind; kind_source: KindSource; verdict_inputs?: VerdictInputs };

function testCriterion(data: CriterionData, kind: ResolvedKind, config: ScoreVerdictOptions): CriterionOutput {
  const options = {
    intervals: { resamples: config.bootstrap_resamples, seed: config.seed, confidence: config.confidence, maxValues: config.bootstrap_max_values },
    usePaired: config.paired === 'auto' && data.paired.baseline.length >= config.min_samples,
    alpha: config.alpha,
    targetPower: config.target_power,
  };
  return { kind: kind.kind, kind_source: kind.source, ...VERDICT_TESTS[kind.kind](data, options) };
}

/** The kind of each criterion, settled once from both experiments (option, declared, inferred). */
function kindOf(criterion: string, data: CriterionData, declared: Map<string, CriterionKind>[], config: ScoreVerdictOptions): ResolvedKind {
  return resolveKind({ option: config.kinds?.[criterion], declared: declared.map((kinds) => kinds.get(criterion)), values: [...data.baseline, ...data.variant] });
}

function verdicts(baseline: ExperimentPayload, variant: ExperimentPayload, config: ScoreVerdictOptions): Record<string, unknown> {
  const groups = groupScores(baseline.results, variant.results, config.criteria);
  const pairs = config.paired === 'never' ? [] : pairRecordsCached(baseline.results, variant.results, config.pair_by);
  const paired = pairedScores(pairs, baseline.results, variant.results);
  const baselineFlags = scoreTable(baseline.results, 'scores', config.flag_field).flags;
  const variantFlags = scoreTable(variant.results, 'scores', config.flag_field).flags;
  const declared = [declaredKinds(baseline.results), declaredKinds(variant.results)];
  const criteria: Record<string, CriterionOutput> = {};
  for (const criterion of groups.criteria) {
    const data: CriterionData = {
      baseline: groups.baseline.get(criterion)!,
      variant: groups.variant.get(criterion)!,
      paired: paired.get(criterion) ?? { baseline: [], variant: [] },
      flags: flagPairs(pairs, baselineFlags.get(criterion), variantFlags.get(criterion)),
    };
    criteria[criterion] = testCriterion(data, kindOf(criterion, data, declared, config), config);
  }
  const tested = Object.values(criteria).filter((entry) => entry.p_value !== null);
  const adjusted = adjustPValues(tested.map((entry) => entry.p_value!), config.adjustment);
  tested.forEach((entry, i) => (entry.adjusted_p_value = adjusted[i]!));
  const list = Object.entries(criteria).map(([criterion, entry]) => {
    const inputs: VerdictInputs = {
      criterion,
      samples: entry.pairs >= config.min_samples && config.paired === 'auto' ? entry.pairs : Math.min(entry.baseline_samples, entry.variant_samples),
      minSamples: config.min_samples,
      meanDifference: entry.mean_difference,
      pValue: entry.p_value,
      adjustedPValue: entry.adjusted_p_value,
      effectSize: entry.effect_size,
      interval: entry.mean_difference_interval,
      alpha: config.alpha,
      method: `${entry.kind} (${entry.kind_source}): ${entry.method} + ${config.adjustment} across criteria; ${entry.interval_method}`,
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
