import { scoreAgreement } from '../../../src/plugins/aggregator/scoreAgreement';
import { scorePower } from '../../../src/plugins/aggregator/scorePower';
import { instantiate } from '../../fixtures/analytics/plugins';
import { recordsFromColumns, REFERENCE_ANALYSIS, REFERENCE_PRIORITIZATION } from '../../fixtures/analytics/records';

const records = recordsFromColumns({ analysis: REFERENCE_ANALYSIS, prioritization: REFERENCE_PRIORITIZATION });

function expectClose(actual: unknown, expected: number, relative: number): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThanOrEqual(relative);
}

describe('docs/original-behaviour.md §3.17 aggregator reference values', () => {
  it('score_agreement compat: the original Cronbach formula gives −2.2857142857142856', () => {
    const output = instantiate(scoreAgreement, { compat: true }).finalize(records) as Record<string, unknown>;
    expect(output.criteria).toEqual(['analysis', 'prioritization']);
    expectClose(output.cronbach_alpha, -2.2857142857142856, 1e-12);
    expectClose(output.average_correlation, 0.9000000000000002, 1e-12);
  });

  it('score_agreement default: textbook Cronbach alpha 0.8372093023255818', () => {
    const output = instantiate(scoreAgreement).finalize(records) as Record<string, unknown>;
    expectClose(output.cronbach_alpha, 0.8372093023255818, 1e-12);
    expectClose(output.average_correlation, 0.9000000000000002, 1e-12);
    expect(typeof output.krippendorff_alpha).toBe('number');
    expect(output.method).toMatch(/^cronbach_alpha \(variance of row totals/);
  });

  it('score_power (null_mean 0.6): observed d, achieved power, required n', () => {
    const output = instantiate(scorePower, { null_mean: 0.6, criteria: ['analysis'] }).finalize(records) as Record<string, Record<string, number>>;
    const analysis = output.analysis!;
    expectClose(analysis.observed_effect_size, 1.264911064067351, 1e-12);
    expectClose(analysis.achieved_power, 0.5716094577007149, 1e-8);
    expectClose(analysis.required_samples, 7.057178428279269, 1e-9);
    expect(Object.keys(output)).toEqual(['analysis']);
  });

  it('score_power with effect_size 0.5 needs 33.367128953330834 samples', () => {
    const output = instantiate(scorePower, { null_mean: 0.6, effect_size: 0.5, criteria: ['analysis'] }).finalize(records) as Record<string, Record<string, number>>;
    expectClose(output.analysis!.required_samples, 33.367128953330834, 1e-9);
    expect(output.analysis!.target_effect_size).toBe(0.5);
  });
});
