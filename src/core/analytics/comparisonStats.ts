/**
 * The decision-grade comparison of one criterion used by `score_verdict`: the primary test
 * (paired t when rows pair up, otherwise Welch), Wilcoxon and McNemar on pairs, interval
 * estimates (seeded bootstrap, or analytic when the data exceed the bootstrap budget), and
 * two-sample power with the minimum detectable effect.
 */
import { bootstrapIntervals, bootstrapMeanInterval, type BootstrapOptions } from '../stats/bootstrap';
import { mean, variance } from '../stats/descriptive';
import { normPpf, tPpf, tTwoSidedP } from '../stats/distributions';
import { minimumDetectableEffect, requiredSampleSize, twoSamplePower } from '../stats/power';
import { cohensD, summariseGroup, tTest } from '../stats/twoSample';
import { wilcoxonSignedRank } from '../stats/wilcoxon';

export interface IntervalOptions extends BootstrapOptions {
  /** Above this many values in total, intervals are analytic instead of bootstrapped. */
  maxValues: number;
}

export interface PrimaryTest {
  method: 'paired_t' | 'welch_t';
  samples: number;
  mean_difference: number;
  t_stat: number | null;
  degrees_of_freedom: number | null;
  p_value: number | null;
  mean_difference_interval: [number, number] | null;
  interval_method: string;
}

export function pairedTest(differences: number[], options: IntervalOptions): PrimaryTest {
  const n = differences.length;
  const average = mean(differences);
  const se = n > 1 ? Math.sqrt(variance(differences, 1) / n) : Number.NaN;
  const t = se > 0 ? average / se : null;
  const df = n - 1;
  const useBootstrap = n <= options.maxValues;
  let interval: [number, number] | null = null;
  if (useBootstrap && n > 1) interval = bootstrapMeanInterval(differences, options);
  else if (se > 0) {
    const half = tPpf(1 - (1 - options.confidence) / 2, df) * se;
    interval = [average - half, average + half];
  } else if (n > 1) interval = [average, average];
  return {
    method: 'paired_t',
    samples: n,
    mean_difference: average,
    t_stat: t,
    degrees_of_freedom: df > 0 ? df : null,
    p_value: t !== null ? tTwoSidedP(t, df) : null,
    mean_difference_interval: interval,
    interval_method: useBootstrap ? `bootstrap_percentile (${options.resamples} paired resamples, seed ${options.seed})` : 't_interval',
  };
}

export function welchTest(b: number[], v: number[], options: IntervalOptions): PrimaryTest & { effect_size: number | null; effect_size_interval: [number, number] | null } {
  const base = summariseGroup(b);
  const other = summariseGroup(v);
  const test = tTest(base, other, 'welch_t');
  const d = cohensD(base, other);
  const useBootstrap = b.length + v.length <= options.maxValues;
  let meanInterval: [number, number] | null = null;
  let effectInterval: [number, number] | null = null;
  if (useBootstrap) {
    const boot = bootstrapIntervals(b, v, options);
    meanInterval = boot.mean_difference;
    effectInterval = boot.effect_size;
  } else {
    const z = normPpf(1 - (1 - options.confidence) / 2);
    if (test.df !== null && test.standardError > 0) {
      const half = tPpf(1 - (1 - options.confidence) / 2, test.df) * test.standardError;
      meanInterval = [test.meanDifference - half, test.meanDifference + half];
    }
    if (d !== null) {
      // Hedges & Olkin's large-sample standard error of d.
      const seD = Math.sqrt((base.n + other.n) / (base.n * other.n) + (d * d) / (2 * (base.n + other.n)));
      effectInterval = [d - z * seD, d + z * seD];
    }
  }
  return {
    method: 'welch_t',
    samples: Math.min(b.length, v.length),
    mean_difference: test.meanDifference,
    t_stat: test.t,
    degrees_of_freedom: test.df,
    p_value: test.pValue,
    mean_difference_interval: meanInterval,
    interval_method: useBootstrap ? `bootstrap_percentile (${options.resamples} resamples, seed ${options.seed})` : 'analytic (welch t; hedges-olkin for d)',
    effect_size: d,
    effect_size_interval: effectInterval,
  };
}

export function wilcoxonSummary(differences: number[]): Record<string, unknown> | null {
  if (differences.length < 1) return null;
  const result = wilcoxonSignedRank(differences);
  return { method: `wilcoxon_signed_rank_pratt_${result.method}`, statistic: result.statistic, p_value: Number.isNaN(result.pValue) ? null : result.pValue, pairs: result.pairs, zeros: result.zeros };
}

/** Two-sample (equal groups) power for the observed d, n per group for the target, and MDE. */
export function powerSummary(d: number | null, nPerGroup: number, alpha: number, targetPower: number): Record<string, unknown> {
  const design = { alpha };
  const effect = d === null ? null : Math.abs(d);
  const usable = nPerGroup >= 2;
  return {
    method: 'two_sample_t_power (noncentral t, two-sided, equal groups)',
    n_per_group: nPerGroup,
    achieved_power: usable && effect ? twoSamplePower(effect, nPerGroup, design) : null,
    required_n_per_group: effect ? requiredSampleSize((n) => twoSamplePower(effect, n, design), targetPower, 2) : null,
    minimum_detectable_effect: usable ? minimumDetectableEffect((e) => twoSamplePower(e, nPerGroup, design), targetPower) : null,
    target_power: targetPower,
    alpha,
  };
}
