import { categoryEffects } from '../../../src/plugins/baseline/categoryEffects';
import { criteriaEffects } from '../../../src/plugins/baseline/criteriaEffects';
import { outlierDetection } from '../../../src/plugins/baseline/outlierDetection';
import { refereeAlignment } from '../../../src/plugins/baseline/refereeAlignment';
import { scoreAssumptions } from '../../../src/plugins/baseline/scoreAssumptions';
import { scoreBayes } from '../../../src/plugins/baseline/scoreBayes';
import { scoreCliffsDelta } from '../../../src/plugins/baseline/scoreCliffsDelta';
import { scoreDistribution } from '../../../src/plugins/baseline/scoreDistribution';
import { scoreFlipAnalysis } from '../../../src/plugins/baseline/scoreFlipAnalysis';
import { scorePractical } from '../../../src/plugins/baseline/scorePractical';
import { scoreSignificance } from '../../../src/plugins/baseline/scoreSignificance';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makePayload, makeRecord, recordsFromColumns, REFERENCE_BASELINE, REFERENCE_VARIANT } from '../../fixtures/analytics/records';

const payload = (columns: Record<string, unknown[]>) => makePayload(recordsFromColumns(columns));

describe('score_significance edge cases', () => {
  it.each([
    ['n = 1 is below min_samples', { c: [3] }, { c: [4, 5] }, {}],
    ['NaN, null and strings are skipped', { c: [3, NaN, null, 'x'] }, { c: [4, 5] }, {}],
    ['criteria only on one side are not compared', { a: [1, 2] }, { b: [1, 2] }, {}],
  ])('%s', (_label, b, v, expected) => {
    expect(instantiate(scoreSignificance).compare(payload(b), payload(v))).toEqual(expected);
  });

  it('all-equal scores give no t, p or effect size', () => {
    expect(instantiate(scoreSignificance).compare(payload({ c: [3, 3, 3] }), payload({ c: [3, 3] }))).toEqual({
      c: {
        baseline_mean: 3, variant_mean: 3, mean_difference: 0, baseline_std: 0, variant_std: 0, baseline_samples: 3, variant_samples: 2,
        effect_size: null, t_stat: null, degrees_of_freedom: null, p_value: null, method: 'welch_t',
      },
    });
  });

  it('equal_var gives a true Student t by default', () => {
    const c = instantiate(scoreSignificance, { equal_var: true }).compare(payload({ c: REFERENCE_BASELINE }), payload({ c: REFERENCE_VARIANT })).c as Record<string, unknown>;
    expect(c).toMatchObject({ method: 'student_t', degrees_of_freedom: 12 });
    // With equal group sizes the pooled and unpooled SE coincide.
    expect(c.t_stat).toBeCloseTo(1.138989594902999, 12);
  });

  it.each([
    ['bonferroni', undefined],
    ['bonferroni', 10],
    ['holm', undefined],
    ['fdr', undefined],
  ])('adjustment %s (family_size %p)', (adjustment, familySize) => {
    const b = payload({ a: [1, 2, 3, 4], z: [1, 2, 3, 4] });
    const v = payload({ a: [1.5, 2.5, 3.5, 4.5], z: [1, 2, 3, 4] });
    const output = instantiate(scoreSignificance, { adjustment, family_size: familySize }).compare(b, v) as Record<string, Record<string, number>>;
    const raw = [output.a!.p_value!, output.z!.p_value!];
    const adjusted = [output.a!.adjusted_p_value!, output.z!.adjusted_p_value!];
    if (adjustment === 'bonferroni') expect(adjusted).toEqual(raw.map((p) => Math.min(1, p * (familySize ?? 2))));
    else expect(adjusted.every((p, i) => p >= raw[i]!)).toBe(true);
    expect(output.a!.adjustment).toBe(adjustment);
  });

  it('an unknown adjustment means none', () => {
    const output = instantiate(scoreSignificance, { adjustment: 'sidak' }).compare(payload({ c: [1, 2, 3] }), payload({ c: [2, 3, 4] }));
    expect(output.c).not.toHaveProperty('adjusted_p_value');
  });
});

describe('other baseline plugins on small and degenerate data', () => {
  it('score_bayes skips a criterion with zero standard error', () => {
    expect(instantiate(scoreBayes).compare(payload({ c: [2, 2] }), payload({ c: [2, 2] }))).toEqual({});
  });

  it("score_cliffs_delta: all equal is negligible; one value each works", () => {
    expect(instantiate(scoreCliffsDelta).compare(payload({ c: [3, 3] }), payload({ c: [3] }))).toEqual({
      c: { delta: 0, interpretation: 'negligible', baseline_samples: 2, variant_samples: 1, method: 'cliffs_delta' },
    });
    expect((instantiate(scoreCliffsDelta).compare(payload({ c: [1] }), payload({ c: [2] })).c as Record<string, unknown>).interpretation).toBe('large');
  });

  it('score_distribution: default range is the data (numpy gives 0.09407663513842376 on 4 bins); n = 1 is skipped', () => {
    const c = instantiate(scoreDistribution).compare(payload({ c: REFERENCE_BASELINE }), payload({ c: REFERENCE_VARIANT })).c as Record<string, unknown>;
    expect(Math.abs((c.js_divergence as number) - 0.09407663513842376)).toBeLessThan(1e-15);
    expect(c.method).toMatchObject({ ks: 'ks_2samp_exact', js: 'jensen_shannon (4 auto bins, range of the data)' });
    expect(instantiate(scoreDistribution).compare(payload({ c: [1] }), payload({ c: [1, 2] }))).toEqual({});
  });

  it('score_assumptions: n = 2 has no Shapiro–Wilk but has Levene; all-equal Levene is NaN', () => {
    const output = instantiate(scoreAssumptions).compare(payload({ c: [1, 2] }), payload({ c: [1, 3] })).c as Record<string, unknown>;
    expect(output).toMatchObject({ baseline: null, variant: null, variance: { statistic: Infinity, p_value: 0, equal_variance: false } });
    const flat = instantiate(scoreAssumptions).compare(payload({ c: [2, 2, 2] }), payload({ c: [2, 2, 2] })).c as Record<string, Record<string, unknown>>;
    expect(flat.baseline).toMatchObject({ statistic: 1, p_value: 1, is_normal: true });
    expect(flat.variance!.statistic).toBeNaN();
  });

  it('score_practical: NNT is null with nnt_infinite when success does not improve; pair_by a column', () => {
    const b = makePayload([makeRecord(0, { id: 'x', scores: { c: 4 } }), makeRecord(1, { id: 'y', scores: { c: 5 } })]);
    const v = makePayload([makeRecord(0, { id: 'y', scores: { c: 3 } }), makeRecord(1, { id: 'x', scores: { c: 4 } })]);
    const byIndex = instantiate(scorePractical).compare(b, v).c as Record<string, unknown>;
    expect(byIndex).toMatchObject({ pairs: 2, mean_difference: -1, number_needed_to_treat: null, nnt_infinite: true, method: 'paired by index' });
    const byId = instantiate(scorePractical, { pair_by: 'id' }).compare(b, v).c as Record<string, unknown>;
    expect(byId).toMatchObject({ mean_difference: -1, median_difference: -1, variant_success_rate: 0.5 });
    expect((instantiate(scorePractical, { compat: true }).compare(b, v).c as Record<string, unknown>).number_needed_to_treat).toBe(Infinity);
  });

  it('score_flip_analysis counts flips on the docs/original-behaviour.md §3.17 vectors', () => {
    const output = instantiate(scoreFlipAnalysis).compare(payload({ c: REFERENCE_BASELINE }), payload({ c: REFERENCE_VARIANT }));
    expect(output).toEqual({
      fail_to_pass_count: 1, pass_to_fail_count: 0, major_drops_count: 0, major_gains_count: 0, net_flip_impact: 1,
      examples: { fail_to_pass: [[2, 3]], pass_to_fail: [], major_drops: [], major_gains: [] },
      criteria: { c: { fail_to_pass_count: 1, pass_to_fail_count: 0, major_drops_count: 0, major_gains_count: 0, net_flip_impact: 1 } },
      method: 'paired by index',
    });
  });

  it('criteria_effects rounds like the original and names its test', () => {
    const c = instantiate(criteriaEffects).compare(payload({ c: REFERENCE_BASELINE }), payload({ c: REFERENCE_VARIANT })).c;
    expect(c).toEqual({
      baseline_mean: 3.57, variant_mean: 4.14, delta: 0.57, effect_size: 0.609, p_value: 0.3157, significant: false,
      n_baseline: 7, n_variant: 7, method: 'mann_whitney_asymptotic',
    });
  });

  it('category_effects ranks categories by |d|', () => {
    const rows = (scores: number[], shift: number) =>
      makePayload(scores.map((s, i) => makeRecord(i, { scores: { c: s + (i % 2 === 0 ? shift : 0) }, row: { category: i % 2 === 0 ? 'even' : 'odd' } })));
    const output = instantiate(categoryEffects, { top_n: 1 }).compare(rows([1, 2, 3, 4, 2, 3], 0), rows([1, 2, 3, 4, 2, 3], 1));
    expect(output.total_categories).toBe(2);
    expect((output.most_affected as Record<string, unknown>[])[0]).toMatchObject({ category: 'even', delta: 1 });
    expect((output.least_affected as Record<string, unknown>[])[0]).toMatchObject({ category: 'odd', delta: 0, effect_size: 0 });
  });

  it('outlier_detection pairs by row id and sorts by delta', () => {
    const b = makePayload([makeRecord(0, { id: 'a', scores: { c: 1 } }), makeRecord(1, { id: 'b', scores: { c: 3 } })]);
    const v = makePayload([makeRecord(0, { id: 'b', scores: { c: 1 } }), makeRecord(1, { id: 'a', scores: { c: 1.5 } })]);
    expect(instantiate(outlierDetection, { top_n: 1 }).compare(b, v)).toEqual({
      top_outliers: [{ id: 'b', baseline_mean: 3, variant_mean: 1, delta: 2, direction: 'lower', baseline_scores: { c: 3 }, variant_scores: { c: 1 } }],
      total_outliers_found: 2,
      requested_top_n: 1,
      method: 'paired by id; |mean(variant) − mean(baseline)| over criteria',
    });
  });

  it('referee_alignment maps yes/no/partially and compares both sides', () => {
    const side = (llm: number[]) =>
      makePayload(llm.map((s, i) => makeRecord(i, { scores: { c: s }, row: { referee_score: ['Yes', ' no ', 'Partially', 'n/a'][i] } })));
    const output = instantiate(refereeAlignment).compare(side([5, 1, 3, 2]), side([4, 2, 3, 2])) as Record<string, Record<string, unknown>>;
    expect(output.baseline).toMatchObject({ samples: 3, mean_absolute_error: 0, correlation: 1, agreement_rate_within_1: 1 });
    expect(output.variant).toMatchObject({ samples: 3, mean_absolute_error: 2 / 3 });
    expect(output.comparison).toMatchObject({ mae_improved: false, correlation_improved: false });
  });
});
