import { scoreRecommendation, ScoreRecommendationOptionsSchema } from '../../../src/plugins/aggregator/scoreRecommendation';
import { createTestDeps } from '../../fakes/pluginDeps';
import { makeRecord, recordsFromColumns, REFERENCE_ANALYSIS, REFERENCE_PRIORITIZATION } from '../../fixtures/analytics/records';

const recommend = (options: Record<string, unknown> = {}) =>
  scoreRecommendation.create(ScoreRecommendationOptionsSchema.parse(options), createTestDeps());

describe('score_recommendation', () => {
  it('reproduces the docs/original-behaviour.md §3.17 message', () => {
    const records = recordsFromColumns({ analysis: REFERENCE_ANALYSIS, prioritization: REFERENCE_PRIORITIZATION }, (i) => ({
      flags: { analysis: REFERENCE_ANALYSIS[i]! >= 0.7, prioritization: REFERENCE_PRIORITIZATION[i]! >= 0.7 },
    }));
    const output = recommend().finalize(records) as Record<string, unknown>;
    expect(output.recommendation).toBe('analysis leads with mean score 0.70, pass rate 60%');
    expect(output.best_criteria).toBe('analysis');
    expect(output.summary).toMatchObject({ count: 10, mean: 0.6749999999999999 });
  });

  it('reproduces the docs/original-behaviour.md §3.18 golden-run message (margin clause, 100% pass rate)', () => {
    const analysis = [0.5666666666666667, 0.6294117647058823, 0.6705882352941177];
    const prioritization = [0.7980392156862746, 0.8529411764705883, 0.8176470588235294];
    const records = recordsFromColumns({ analysis, prioritization }, (i) => ({
      flags: { analysis: analysis[i]! >= 0.7, prioritization: prioritization[i]! >= 0.7 },
    }));
    expect((recommend().finalize(records) as Record<string, unknown>).recommendation).toBe(
      'prioritization leads with mean score 0.82, pass rate 100%, which is 0.10 above overall average',
    );
  });

  it.each([
    ['too few values', [makeRecord(0, { scores: { a: 1, b: 2 } })], 'Insufficient data for confident recommendation'],
    ['a tie goes to the first criterion seen', recordsFromColumns({ a: [1, 1, 1], b: [1, 1, 1] }), 'a leads with mean score 1.00, pass rate 0%'],
  ])('%s', (_label, records, message) => {
    expect((recommend().finalize(records) as Record<string, unknown>).recommendation).toBe(message);
  });

  it('has no leader when no criterion has a mean', () => {
    const records = recordsFromColumns({ a: [null, null, null], b: [NaN, NaN, NaN] });
    expect(recommend({ min_samples: 0 }).finalize(records)).toEqual({
      recommendation: 'No clear leader across criteria',
      summary: { count: 0, missing: 6, pass_rate: 0, passes: 0, flagged: 0 },
    });
  });
});
