import { adjustAcrossVariants, type VerdictComparison } from '../../../src/core/analytics/adjustAcrossVariants';
import { collectVerdicts } from '../../../src/core/engine/verdict';
import { scoreVerdict } from '../../../src/plugins/baseline/scoreVerdict';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makePayload, recordsFromColumns } from '../../fixtures/analytics/records';

const base = Array.from({ length: 40 }, (_, i) => (i % 5) + 1);
const shifted = (shift: number) => base.map((value, i) => value + shift + ((i % 3) - 1) * 0.5);
const payload = (columns: Record<string, number[]>) => makePayload(recordsFromColumns(columns));

describe('score_verdict', () => {
  const baseline = payload({ better: base, worse: base, same: base, tiny: base.slice(0, 3) });
  const variant = payload({ better: shifted(1), worse: shifted(-1), same: shifted(0), tiny: shifted(1).slice(0, 3) });

  it('decides improved, degraded, inconclusive and too_few_samples (paired by id)', () => {
    const output = instantiate(scoreVerdict).compare(baseline, variant);
    const verdicts = collectVerdicts({ score_verdict: output });
    expect(verdicts.map((v) => [v.criterion, v.verdict])).toEqual([
      ['better', 'improved'],
      ['same', 'inconclusive'],
      ['tiny', 'too_few_samples'],
      ['worse', 'degraded'],
    ]);
    const better = (output.criteria as Record<string, Record<string, unknown>>).better!;
    expect(better).toMatchObject({ method: 'paired_t', pairs: 40, baseline_samples: 40, mean_difference: 0.9875 });
    expect(verdicts[0]!.method).toBe('paired_t + holm across criteria; bootstrap_percentile (2000 paired resamples, seed 20240611)');
    expect(better.wilcoxon).toMatchObject({ method: 'wilcoxon_signed_rank_pratt_asymptotic', pairs: 40 });
    expect((better.power as Record<string, unknown>).required_n_per_group).toEqual(expect.any(Number));
  });

  it('is reproducible for a seed and changes with it', () => {
    const run = (seed: number) => (instantiate(scoreVerdict, { seed, paired: 'never' }).compare(baseline, variant) as { criteria: Record<string, { mean_difference_interval: number[] }> }).criteria.same!.mean_difference_interval;
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('falls back to Welch and analytic intervals when unpaired and above the bootstrap budget', () => {
    const output = instantiate(scoreVerdict, { paired: 'never', bootstrap_max_values: 10 }).compare(baseline, variant) as { criteria: Record<string, Record<string, unknown>> };
    expect(output.criteria.better).toMatchObject({ method: 'welch_t', interval_method: 'analytic (welch t; hedges-olkin for d)', unpaired: null, wilcoxon: null });
  });

  it('runs McNemar on paired pass/fail flags', () => {
    const flagged = (flags: boolean[]) => makePayload(recordsFromColumns({ c: base }, (i) => ({ flags: { c: flags[i]! } })));
    const before = flagged(base.map((v) => v >= 3));
    const after = flagged(base.map((v) => v >= 2));
    const output = instantiate(scoreVerdict).compare(before, after) as { criteria: Record<string, Record<string, unknown>> };
    expect(output.criteria.c!.mcnemar).toMatchObject({ method: 'mcnemar_exact', baseline_only: 0, variant_only: 8, p_value: 0.0078125 });
  });

  it('adjustAcrossVariants re-adjusts p-values over every variant and criterion', () => {
    const one = instantiate(scoreVerdict, { adjustment: 'none' }).compare(baseline, variant) as unknown as VerdictComparison;
    const adjusted = adjustAcrossVariants({ a: one, b: one }, 'bonferroni');
    const p = one.criteria.same!.verdict_inputs.pValue!;
    const tested = Object.values(one.criteria).filter((entry) => entry.verdict_inputs.pValue !== null).length;
    expect(adjusted.a!.criteria.same!.adjusted_p_value).toBe(Math.min(1, p * tested * 2));
    expect(adjusted.a!.adjustment).toBe('bonferroni_across_variants');
    expect(adjusted.b!.verdicts.map((v) => v.verdict)).toEqual(['improved', 'inconclusive', 'too_few_samples', 'degraded']);
    expect(one.adjustment).toBe('none');
  });

  it('adjustAcrossVariants passes through outputs skipped by on_error', () => {
    const one = instantiate(scoreVerdict).compare(baseline, variant) as unknown as VerdictComparison;
    const skipped = {} as VerdictComparison;
    const adjusted = adjustAcrossVariants({ a: one, skipped });
    expect(adjusted.skipped).toBe(skipped);
    expect(adjusted.a!.verdicts).toHaveLength(4);
  });
});
