/**
 * The one test behind each verdict, chosen once from the criterion's kind
 * (docs/analytics.md#score_verdict): proportions for binary scores, rank tests for ordinal
 * ones, the t-tests for continuous ones. Whatever the kind, the result names the p-value,
 * the interval for the difference (variant minus baseline) and its method, so every report
 * shows the same numbers for a verdict.
 */
import { cliffsDelta } from '../stats/cliffsDelta';
import { fisherExactTwoSided } from '../stats/fisherExact';
import { mannWhitneyU } from '../stats/mannWhitney';
import { mcnemar, mcnemarPValues } from '../stats/mcnemar';
import { newcombePairedInterval, newcombeUnpairedInterval, pairedTableOf } from '../stats/proportions';
import { median, sum } from '../stats/descriptive';
import { wilcoxonSignedRank } from '../stats/wilcoxon';
import { pairedTest, powerSummary, welchTest, wilcoxonSummary, type IntervalOptions } from './comparisonStats';
import type { CriterionKind } from './criterionKinds';

export interface CriterionData {
  /** Every usable score of each group (unpaired view). */
  baseline: number[];
  variant: number[];
  /** Scores of the rows that pair up, in pair order. */
  paired: { baseline: number[]; variant: number[] };
  /** Paired pass/fail flags (`score_flags`), reported by the continuous test. */
  flags: [boolean, boolean][];
}

export interface VerdictTestOptions {
  intervals: IntervalOptions;
  /** Paired tests: `paired: auto` and at least `min_samples` pairs. */
  usePaired: boolean;
  alpha: number;
  targetPower: number;
}

/** What every kind's test reports; kinds add their own detail fields. */
export interface CriterionTest {
  method: string;
  baseline_samples: number;
  variant_samples: number;
  pairs: number;
  mean_difference: number | null;
  p_value: number | null;
  adjusted_p_value: number | null;
  mean_difference_interval: [number, number] | null;
  interval_method: string;
  effect_size: number | null;
  [detail: string]: unknown;
}

type KindTest = (data: CriterionData, options: VerdictTestOptions) => CriterionTest;

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** Cohen's h, the effect size of a difference between two proportions. */
function cohensH(variantRate: number, baselineRate: number): number {
  return 2 * Math.asin(Math.sqrt(variantRate)) - 2 * Math.asin(Math.sqrt(baselineRate));
}

function binaryTest(data: CriterionData, options: VerdictTestOptions): CriterionTest {
  const common = { baseline_samples: data.baseline.length, variant_samples: data.variant.length, pairs: data.paired.baseline.length, adjusted_p_value: null };
  const confidence = options.intervals.confidence;
  if (options.usePaired) {
    const table = pairedTableOf(data.paired.baseline.map((b, i) => [b === 1, data.paired.variant[i] === 1] as [boolean, boolean]));
    const n = common.pairs;
    const baselineRate = (table.both + table.baselineOnly) / n;
    const variantRate = (table.both + table.variantOnly) / n;
    const p = mcnemarPValues(table.baselineOnly, table.variantOnly);
    return {
      ...common,
      method: 'mcnemar_mid_p',
      baseline_rate: baselineRate,
      variant_rate: variantRate,
      mean_difference: variantRate - baselineRate,
      p_value: p.midP,
      exact_p_value: p.exact,
      mean_difference_interval: newcombePairedInterval(table, confidence),
      interval_method: 'newcombe_paired_score (method 10)',
      effect_size: cohensH(variantRate, baselineRate),
      effect_size_method: 'cohens_h',
      table: { both_right: table.both, baseline_only: table.baselineOnly, variant_only: table.variantOnly, both_wrong: table.neither },
    };
  }
  const [k1, n1, k2, n2] = [sum(data.variant), data.variant.length, sum(data.baseline), data.baseline.length];
  return {
    ...common,
    method: 'fisher_exact',
    baseline_rate: k2 / n2,
    variant_rate: k1 / n1,
    mean_difference: k1 / n1 - k2 / n2,
    p_value: fisherExactTwoSided(k1, n1 - k1, k2, n2 - k2),
    mean_difference_interval: newcombeUnpairedInterval(k1, n1, k2, n2, confidence),
    interval_method: 'newcombe_hybrid_score (method 10)',
    effect_size: cohensH(k1 / n1, k2 / n2),
    effect_size_method: 'cohens_h',
  };
}

function ordinalTest(data: CriterionData, options: VerdictTestOptions): CriterionTest {
  const common = { baseline_samples: data.baseline.length, variant_samples: data.variant.length, pairs: data.paired.baseline.length, adjusted_p_value: null };
  const effect = { effect_size: finiteOrNull(cliffsDelta(data.baseline, data.variant)), effect_size_method: 'cliffs_delta' };
  if (options.usePaired) {
    const diffs = data.paired.variant.map((v, i) => v - data.paired.baseline[i]!);
    const wilcoxon = wilcoxonSignedRank(diffs);
    const interval = pairedTest(diffs, options.intervals);
    return {
      ...common,
      ...effect,
      method: `wilcoxon_signed_rank_pratt_${wilcoxon.method}`,
      mean_difference: interval.mean_difference,
      median_difference: median(diffs),
      p_value: finiteOrNull(wilcoxon.pValue),
      wilcoxon_statistic: wilcoxon.statistic,
      mean_difference_interval: interval.mean_difference_interval,
      interval_method: interval.interval_method,
    };
  }
  const test = mannWhitneyU(data.baseline, data.variant);
  const interval = welchTest(data.baseline, data.variant, options.intervals);
  return {
    ...common,
    ...effect,
    method: `mann_whitney_u_${test.method}`,
    mean_difference: interval.mean_difference,
    p_value: finiteOrNull(test.pValue),
    mann_whitney_statistic: test.statistic,
    mean_difference_interval: interval.mean_difference_interval,
    interval_method: interval.interval_method,
  };
}

/** The t-tests, with Wilcoxon, McNemar on flags and power alongside (the original score_verdict detail). */
function continuousTest(data: CriterionData, options: VerdictTestOptions): CriterionTest {
  const diffs = data.paired.variant.map((v, i) => v - data.paired.baseline[i]!);
  const unpaired = welchTest(data.baseline, data.variant, options.intervals);
  const primary = options.usePaired ? pairedTest(diffs, options.intervals) : unpaired;
  return {
    method: primary.method,
    baseline_samples: data.baseline.length,
    variant_samples: data.variant.length,
    pairs: diffs.length,
    mean_difference: primary.mean_difference,
    t_stat: primary.t_stat,
    degrees_of_freedom: primary.degrees_of_freedom,
    p_value: primary.p_value,
    adjusted_p_value: null,
    mean_difference_interval: primary.mean_difference_interval,
    interval_method: primary.interval_method,
    effect_size: unpaired.effect_size,
    effect_size_interval: unpaired.effect_size_interval,
    effect_size_interval_method: unpaired.interval_method,
    unpaired: options.usePaired ? { method: 'welch_t', mean_difference: unpaired.mean_difference, t_stat: unpaired.t_stat, degrees_of_freedom: unpaired.degrees_of_freedom, p_value: unpaired.p_value } : null,
    wilcoxon: diffs.length > 0 ? wilcoxonSummary(diffs) : null,
    mcnemar: data.flags.length > 0 ? mcnemar(data.flags) : null,
    power: powerSummary(unpaired.effect_size, Math.min(data.baseline.length, data.variant.length), options.alpha, options.targetPower),
  };
}

/** One test per kind: a kind without a test is a compile error. */
export const VERDICT_TESTS: Record<CriterionKind, KindTest> = {
  binary: binaryTest,
  ordinal: ordinalTest,
  continuous: continuousTest,
};
