import { costSummary } from '../../../src/plugins/aggregator/costSummary';
import { latencySummary } from '../../../src/plugins/aggregator/latencySummary';
import { rationaleAnalysis } from '../../../src/plugins/aggregator/rationaleAnalysis';
import { scoreAgreement } from '../../../src/plugins/aggregator/scoreAgreement';
import { scorePower } from '../../../src/plugins/aggregator/scorePower';
import { scoreVariantRanking } from '../../../src/plugins/aggregator/scoreVariantRanking';
import { instantiate } from '../../fixtures/analytics/plugins';
import { makeRecord, recordsFromColumns } from '../../fixtures/analytics/records';

describe('score_variant_ranking', () => {
  it('uses metrics.score, else the mean of scores, skipping unusable records', () => {
    const records = [
      makeRecord(0, { metrics: { score: 0.9 } }),
      makeRecord(1, { scores: { a: 0.4, b: 0.6 } }),
      makeRecord(2, { scores: { a: 'x' } }),
      makeRecord(3, { scores: { a: NaN } }),
    ];
    expect(instantiate(scoreVariantRanking, { weight_pass: 2 }).finalize(records)).toEqual({
      samples: 2, mean: 0.7, median: 0.7, min: 0.5, max: 0.9, threshold: 0.7, pass_rate: 0.5, composite_score: 1.7,
    });
    expect(instantiate(scoreVariantRanking).finalize([])).toEqual({});
  });
});

describe('score_agreement', () => {
  it.each([
    ['one criterion', { a: [1, 2, 3] }],
    ['a criterion below min_items', { a: [1, 2, 3], b: [1] }],
  ])('returns {} for %s', (_label, columns) => {
    expect(instantiate(scoreAgreement).finalize(recordsFromColumns(columns))).toEqual({});
  });

  it('aligns rows by record unless compat (a missing value no longer shifts later rows)', () => {
    const records = recordsFromColumns({ a: [1, 2, 3, 4], b: [null, 2, 3, 4] });
    const aligned = instantiate(scoreAgreement).finalize(records) as Record<string, number>;
    const positional = instantiate(scoreAgreement, { compat: true }).finalize(records) as Record<string, number>;
    expect(aligned.average_correlation).toBeCloseTo(1, 12);
    expect(positional.average_correlation).toBeCloseTo(1, 12);
    expect(aligned.cronbach_alpha).toBeCloseTo(1, 12);
    expect(aligned.krippendorff_alpha).toBeCloseTo(1, 12);
    expect(positional.krippendorff_alpha).toBeLessThan(1);
  });
});

describe('score_power edge cases', () => {
  it('gives no power numbers for zero spread or a non-positive effect, and skips n below min_samples', () => {
    const output = instantiate(scorePower).finalize(recordsFromColumns({ flat: [2, 2, 2], down: [-1, -2, -3], one: [1] }));
    expect(output).toEqual({
      down: expect.objectContaining({ samples: 3, observed_effect_size: -2, required_samples: null, achieved_power: null }),
      flat: expect.objectContaining({ samples: 3, std: 0, observed_effect_size: null, target_effect_size: null, required_samples: null }),
    });
  });

  it('clamps alpha and target_power', () => {
    const output = instantiate(scorePower, { alpha: 0.9, target_power: 2 }).finalize(recordsFromColumns({ c: [1, 2, 3] })) as Record<string, Record<string, number>>;
    expect(output.c).toMatchObject({ alpha: 0.25, target_power: 0.999 });
  });
});

describe('cost_summary and latency_summary', () => {
  it('summarises tokens and cost, omitting blocks without data', () => {
    const records = [
      makeRecord(0, { metrics: { prompt_tokens: 10, completion_tokens: 5, cost: 0.01 } }),
      makeRecord(1, { metrics: { prompt_tokens: 30 } }),
    ];
    expect(instantiate(costSummary).finalize(records)).toEqual({
      total_requests: 2,
      requests_with_cost: 1,
      prompt_tokens: { total: 40, mean: 20, median: 20, min: 10, max: 30 },
      completion_tokens: { total: 5, mean: 5, median: 5, min: 5, max: 5 },
      cost: { total: 0.01, mean: 0.01, median: 0.01, min: 0.01, max: 0.01 },
    });
  });

  it('summarises latency with numpy percentiles; one value has std 0; negatives are ignored', () => {
    const records = [0.2, 0.5, 0.9, 1.4, -1].map((latency, i) => makeRecord(i, { metrics: { latency_seconds: latency } }));
    const output = instantiate(latencySummary).finalize(records) as Record<string, Record<string, number>>;
    expect(output.requests_with_latency).toBe(4);
    expect(output.latency_seconds).toMatchObject({ mean: 0.75, median: 0.7, min: 0.2, max: 1.4, p95: 1.3249999999999997, std: 0.5196152422706631 });
    expect((instantiate(latencySummary).finalize([makeRecord(0, { metrics: { latency_seconds: 2 } })]) as Record<string, Record<string, number>>).latency_seconds!.std).toBe(0);
  });
});

describe('rationale_analysis', () => {
  it('measures rationales, keywords by score band and confidence language', () => {
    const record = (score: number, rationale: string, index: number) => {
      const base = makeRecord(index, { scores: { c: score } });
      return { ...base, responses: { c: { content: JSON.stringify({ rationale }), metrics: {} } } };
    };
    const records = [
      record(1, 'Clearly weak: the summary is vague and vague.', 0),
      record(5, 'Perhaps strong; it seems complete.', 1),
      record(4, 'Strong and complete evidence.', 2),
    ];
    const output = instantiate(rationaleAnalysis, { top_keywords: 2 }).finalize(records) as { criteria: Record<string, Record<string, unknown>>; overall: Record<string, number> };
    expect(output.criteria.c).toMatchObject({
      count: 3,
      min_length_chars: 29,
      max_length_chars: 45,
      low_score_keywords: [{ word: 'vague', count: 2 }, { word: 'clearly', count: 1 }],
      high_score_keywords: [{ word: 'strong', count: 2 }, { word: 'complete', count: 2 }],
      confidence_indicators: { high_confidence_rate: 1 / 3, low_confidence_rate: 1 / 3, hedge_rate: 1 / 3 },
    });
    expect(output.overall).toMatchObject({ total_rationales: 3, median_length_chars: 34 });
    // The original's shape when no record has a scored rationale; {} only without records.
    expect(instantiate(rationaleAnalysis).finalize([makeRecord(0)])).toEqual({ criteria: {}, overall: { total_rationales: 0, avg_length_chars: 0, avg_length_words: 0 } });
    expect(instantiate(rationaleAnalysis).finalize([])).toEqual({});
  });
});
