import { scoreBayes } from '../../../src/plugins/baseline/scoreBayes';
import { scoreAssumptions } from '../../../src/plugins/baseline/scoreAssumptions';
import { scoreCliffsDelta } from '../../../src/plugins/baseline/scoreCliffsDelta';
import { scoreDistribution } from '../../../src/plugins/baseline/scoreDistribution';
import { scorePractical } from '../../../src/plugins/baseline/scorePractical';
import { scoreSignificance } from '../../../src/plugins/baseline/scoreSignificance';
import { benjaminiHochberg } from '../../../src/core/stats/multipleComparisons';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makePayload, recordsFromColumns, REFERENCE_BASELINE, REFERENCE_VARIANT } from '../../fixtures/analytics/records';

// docs/original-behaviour.md §3.17: B = [3,4,2,5,4,3,4], V = [4,5,3,5,5,4,3] as one criterion "c".
const baseline = makePayload(recordsFromColumns({ c: REFERENCE_BASELINE }));
const variant = makePayload(recordsFromColumns({ c: REFERENCE_VARIANT }));
const CLOSED = 1e-12;
const P_VALUE = 1e-8;

function expectClose(actual: unknown, expected: number, relative: number): void {
  expect(typeof actual).toBe('number');
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs((actual as number) - expected) / scale).toBeLessThanOrEqual(relative);
}

const criterion = (output: Record<string, unknown>) => output.c as Record<string, unknown>;

describe('docs/original-behaviour.md §3.17 reference values', () => {
  it("score_cliffs_delta: δ = 0.32653061224489793 ('small')", () => {
    const c = criterion(instantiate(scoreCliffsDelta).compare(baseline, variant));
    expectClose(c.delta, 0.32653061224489793, CLOSED);
    expect(c).toMatchObject({ interpretation: 'small', baseline_samples: 7, variant_samples: 7 });
  });

  it('score_significance (Welch): means, stds, t, df, p, d', () => {
    const c = criterion(instantiate(scoreSignificance).compare(baseline, variant));
    expectClose(c.baseline_mean, 3.5714285714285716, CLOSED);
    expectClose(c.variant_mean, 4.142857142857143, CLOSED);
    expectClose(c.mean_difference, 0.5714285714285716, CLOSED);
    expectClose(c.baseline_std, 0.9759000729485333, CLOSED);
    expectClose(c.variant_std, 0.8997354108424375, CLOSED);
    expectClose(c.t_stat, 1.138989594902999, CLOSED);
    expectClose(c.degrees_of_freedom, 11.921625544267057, CLOSED);
    expectClose(c.p_value, 0.2770774525899646, P_VALUE);
    expectClose(c.effect_size, 0.6088155473182094, CLOSED);
    expect(c.method).toBe('welch_t');
  });

  it('score_significance equal_var with compat: same t, df 12, p 0.27693472409204245', () => {
    const c = criterion(instantiate(scoreSignificance, { equal_var: true, compat: true }).compare(baseline, variant));
    expectClose(c.t_stat, 1.138989594902999, CLOSED);
    expect(c.degrees_of_freedom).toBe(12);
    expectClose(c.p_value, 0.27693472409204245, P_VALUE);
    expect(c.method).toBe('welch_t_pooled_df_compat');
  });

  it('score_bayes: P(V > B) and the 95% interval', () => {
    const c = criterion(instantiate(scoreBayes).compare(baseline, variant));
    expectClose(c.std_error, 0.5016977977548924, CLOSED);
    expectClose(c.prob_variant_gt_baseline, 0.8614612737050177, P_VALUE);
    const [low, high] = c.credible_interval as [number, number];
    expectClose(low, -0.52247457855974, P_VALUE);
    expectClose(high, 1.6653317214168832, P_VALUE);
  });

  it('score_distribution (compat range): KS, Mann–Whitney, Jensen–Shannon', () => {
    const c = criterion(instantiate(scoreDistribution, { compat: true }).compare(baseline, variant));
    expectClose(c.ks_statistic, 0.2857142857142857, CLOSED);
    expectClose(c.ks_pvalue, 0.9627039627039629, P_VALUE);
    expect(c.mwu_statistic).toBe(16.5);
    expectClose(c.mwu_pvalue, 0.31565033137654963, P_VALUE);
    expectClose(c.js_divergence, 0.09407663513868099, CLOSED);
  });

  it('score_assumptions: Shapiro–Wilk per group and median Levene', () => {
    const c = criterion(instantiate(scoreAssumptions).compare(baseline, variant));
    const b = c.baseline as Record<string, number>;
    const v = c.variant as Record<string, number>;
    expectClose(b.statistic, 0.9366220846809399, 1e-6);
    expectClose(b.p_value, 0.6085084506120881, 1e-6);
    expectClose(v.statistic, 0.8180887757529731, 1e-6);
    expectClose(v.p_value, 0.06155014797813356, 1e-6);
    expect(c.variance).toMatchObject({ statistic: 0, p_value: 1, equal_variance: true });
  });

  it('score_practical (paired by index, threshold 1, success 4)', () => {
    const c = criterion(instantiate(scorePractical, { compat: true }).compare(baseline, variant));
    expectClose(c.mean_difference, 0.5714285714285714, CLOSED);
    expect(c.median_difference).toBe(1);
    expectClose(c.meaningful_change_rate, 0.8571428571428571, CLOSED);
    expectClose(c.baseline_success_rate, 0.5714285714285714, CLOSED);
    expectClose(c.variant_success_rate, 0.7142857142857143, CLOSED);
    expectClose(c.success_delta, 0.1428571428571429, CLOSED);
    expectClose(c.number_needed_to_treat, 6.999999999999997, CLOSED);
  });

  it('Benjamini–Hochberg of [0.01, 0.04, 0.03, 0.20]', () => {
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.05333333333333334, 0.05333333333333334, 0.2].forEach((expected, i) => expectClose(adjusted[i], expected, CLOSED));
  });
});
