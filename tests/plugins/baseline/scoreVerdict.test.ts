import { adjustAcrossVariants, type VerdictComparison } from '../../../src/core/analytics/adjustAcrossVariants';
import { collectVerdicts } from '../../../src/core/engine/verdict';
import { scoreVerdict } from '../../../src/plugins/baseline/scoreVerdict';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makePayload, recordsFromColumns } from '../../fixtures/analytics/records';
import { VERDICT_CRITERION_KEYS } from '../../fixtures/analytics/reference/compareReference';
import goldens from '../../core/stats/fixtures/proportionGoldens.json';

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
    expect(verdicts[0]!.method).toBe('continuous (inferred): paired_t + holm across criteria; bootstrap_percentile (2000 paired resamples, seed 20240611)');
    expect(Object.keys(better).sort()).toEqual([...VERDICT_CRITERION_KEYS].sort());
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

  it('runs McNemar on paired pass/fail flags alongside a continuous test', () => {
    const flagged = (flags: boolean[]) => makePayload(recordsFromColumns({ c: base }, (i) => ({ flags: { c: flags[i]! } })));
    const before = flagged(base.map((v) => v >= 3));
    const after = flagged(base.map((v) => v >= 2));
    const output = instantiate(scoreVerdict, { kinds: { c: 'continuous' } }).compare(before, after) as { criteria: Record<string, Record<string, unknown>> };
    expect(output.criteria.c).toMatchObject({ kind: 'continuous', kind_source: 'option', method: 'paired_t' });
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

/** Paired 0/1 columns from a 2x2 table: both right, baseline only, variant only, both wrong. */
function binaryColumns(both: number, baselineOnly: number, variantOnly: number, neither: number): { baseline: number[]; variant: number[] } {
  const cells: [number, number, number][] = [[both, 1, 1], [baselineOnly, 1, 0], [variantOnly, 0, 1], [neither, 0, 0]];
  const rows = cells.flatMap(([count, b, v]) => Array.from({ length: count }, () => [b, v] as const));
  return { baseline: rows.map(([b]) => b), variant: rows.map(([, v]) => v) };
}

type Criteria = Record<string, Record<string, unknown>>;

describe('score_verdict picks its test from the criterion kind', () => {
  it('binary, paired: McNemar mid-p and the Newcombe paired interval (scipy goldens)', () => {
    const { baseline, variant } = binaryColumns(50, 10, 25, 15);
    const output = instantiate(scoreVerdict).compare(payload({ match: baseline }), payload({ match: variant })) as { criteria: Criteria; verdicts: { verdict: string; p_value: number; interval: number[]; method: string }[] };
    const mcnemarGolden = goldens.mcnemar.find((entry) => entry.baseline_only === 10 && entry.variant_only === 25)!;
    const intervalGolden = goldens.newcombe_paired.find((entry) => entry.table.join() === '50,10,25,15')!.interval;
    expect(output.criteria.match).toMatchObject({ kind: 'binary', kind_source: 'inferred', method: 'mcnemar_mid_p', pairs: 100, baseline_rate: 0.6, variant_rate: 0.75, table: { both_right: 50, baseline_only: 10, variant_only: 25, both_wrong: 15 } });
    expect(output.criteria.match!.mean_difference).toBeCloseTo(0.15, 14);
    expect(output.criteria.match!.p_value).toBeCloseTo(mcnemarGolden.mid_p, 12);
    expect(output.criteria.match!.exact_p_value).toBeCloseTo(mcnemarGolden.exact, 12);
    const [verdict] = output.verdicts;
    expect(verdict).toMatchObject({ verdict: 'improved', method: 'binary (inferred): mcnemar_mid_p + holm across criteria; newcombe_paired_score (method 10)' });
    expect(verdict!.interval[0]).toBeCloseTo(intervalGolden[0]!, 12);
    expect(verdict!.interval[1]).toBeCloseTo(intervalGolden[1]!, 12);
  });

  it('binary, unpaired: Fisher exact and the Newcombe hybrid score interval (scipy goldens)', () => {
    const ones = (right: number, total: number) => Array.from({ length: total }, (_, i) => (i < right ? 1 : 0));
    const output = instantiate(scoreVerdict, { paired: 'never' }).compare(payload({ match: ones(225, 300) }), payload({ match: ones(240, 300) })) as { criteria: Criteria };
    const fisher = goldens.fisher.find((entry) => entry.table.join() === '240,60,225,75')!.p_value;
    const interval = goldens.newcombe_unpaired.find((entry) => entry.variant[0] === 240)!.interval;
    expect(output.criteria.match).toMatchObject({ kind: 'binary', method: 'fisher_exact', baseline_rate: 0.75, variant_rate: 0.8 });
    expect(output.criteria.match!.p_value).toBeCloseTo(fisher, 10);
    expect((output.criteria.match!.mean_difference_interval as number[])[0]).toBeCloseTo(interval[0]!, 12);
    expect((output.criteria.match!.mean_difference_interval as number[])[1]).toBeCloseTo(interval[1]!, 12);
  });

  it('ordinal: Wilcoxon signed-rank on pairs (Mann-Whitney unpaired), Cliff\'s delta, bootstrap interval', () => {
    const before = Array.from({ length: 30 }, (_, i) => (i % 5) + 1);
    const after = before.map((value, i) => Math.min(5, value + (i % 3 === 0 ? 1 : 0)));
    const paired = instantiate(scoreVerdict).compare(payload({ rubric: before }), payload({ rubric: after })) as { criteria: Criteria };
    expect(paired.criteria.rubric).toMatchObject({ kind: 'ordinal', method: 'wilcoxon_signed_rank_pratt_asymptotic', effect_size_method: 'cliffs_delta' });
    expect(paired.criteria.rubric!.interval_method).toMatch(/^bootstrap_percentile/);
    const unpaired = instantiate(scoreVerdict, { paired: 'never' }).compare(payload({ rubric: before }), payload({ rubric: after })) as { criteria: Criteria };
    expect(unpaired.criteria.rubric!.method).toMatch(/^mann_whitney_u_/);
  });

  it('takes the kind from the option, then the scorers\' declaration, then the values', () => {
    const withKinds = (values: number[], kind?: string) => makePayload(recordsFromColumns({ s: values }, () => (kind ? { metrics: { score_kinds: { s: kind } } } : {})));
    const values = Array.from({ length: 20 }, (_, i) => i % 2);
    const compare = (options: Record<string, unknown>, kind?: string) =>
      (instantiate(scoreVerdict, options).compare(withKinds(values, kind), withKinds(values.map((v) => 1 - v), kind)) as { criteria: Criteria }).criteria.s!;
    expect([compare({}).kind, compare({}).kind_source]).toEqual(['binary', 'inferred']);
    expect([compare({}, 'ordinal').kind, compare({}, 'ordinal').kind_source]).toEqual(['ordinal', 'declared']);
    expect([compare({ kinds: { s: 'continuous' } }, 'ordinal').kind, compare({ kinds: { s: 'continuous' } }).kind_source]).toEqual(['continuous', 'option']);
    // A binary kind on values that are not 0/1 cannot run a proportion test: the values decide.
    const graded = (instantiate(scoreVerdict, { kinds: { s: 'binary' } }).compare(withKinds([0.2, 0.5, 0.9, 0.4, 0.7]), withKinds([0.3, 0.6, 0.8, 0.5, 0.9])) as { criteria: Criteria }).criteria.s!;
    expect([graded.kind, graded.kind_source]).toEqual(['continuous', 'inferred']);
    expect(scoreVerdict.configSchema.safeParse({ kinds: { s: 'nominal' } }).success).toBe(false);
  });
});
