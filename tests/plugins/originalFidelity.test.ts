/**
 * Analytics plugins against the original's behaviour (issue 11 §4; docs/original-behaviour.md
 * §3.14, §3.16). Each expected value follows from the original's rule named beside it.
 */
import { parseCsv } from '../../src/core/data/csv';
import { floatCellsFor } from '../../src/core/data/pandasCells';
import { keyOrderOf } from '../../src/core/data/keyOrder';
import type { ExperimentRecord, Row } from '../../src/core/engine/records';
import { costSummary, pythonSum } from '../../src/plugins/aggregator/costSummary';
import { rationaleAnalysis } from '../../src/plugins/aggregator/rationaleAnalysis';
import { categoryEffects } from '../../src/plugins/baseline/categoryEffects';
import { outlierDetection } from '../../src/plugins/baseline/outlierDetection';
import { refereeAlignment } from '../../src/plugins/baseline/refereeAlignment';
import { scoreFlipAnalysis } from '../../src/plugins/baseline/scoreFlipAnalysis';
import { instantiate } from '../fixtures/analytics/plugins';
import { makePayload, makeRecord } from '../fixtures/analytics/records';

/** Records for the rows of a CSV as the reader gives them (with their pandas float cells). */
function recordsFromCsv(csv: string, score: (row: Row, index: number) => number): ExperimentRecord[] {
  return parseCsv(csv, { source: 'data.csv' }).rows.map((row, index) => {
    const record = makeRecord(index, { row, scores: { c: score(row, index) } });
    const floats = floatCellsFor(row);
    return floats ? { ...record, row_floats: floats } : record;
  });
}

describe('category_effects as the original', () => {
  // A numeric column with a gap is float64: categories are str() of floats, the gap is NaN.
  const csv = 'APPID,category\nA1,2\nA2,\nA3,2\nA4,\nA5,3\nA6,3\n';

  it('keys category_impacts by category; numeric categories as pandas names them, empty ones grouped as nan', () => {
    const baseline = makePayload(recordsFromCsv(csv, (_row, i) => [1, 2, 3, 2, 4, 5][i]!));
    const variant = makePayload(recordsFromCsv(csv, (_row, i) => [2, 2, 4, 2, 4, 5][i]!));
    const output = instantiate(categoryEffects).compare(baseline, variant);
    expect(output.category_impacts).toEqual({
      '2.0': { baseline_mean: 2, variant_mean: 3, delta: 1, effect_size: 0.707, baseline_samples: 2, variant_samples: 2 },
      nan: { baseline_mean: 2, variant_mean: 2, delta: 0, effect_size: null, baseline_samples: 2, variant_samples: 2 },
      '3.0': { baseline_mean: 4.5, variant_mean: 4.5, delta: 0, effect_size: 0, baseline_samples: 2, variant_samples: 2 },
    });
    expect((output.most_affected as { category: string }[]).map((entry) => entry.category)).toEqual(['2.0', 'nan', '3.0']);
    expect(output.total_categories).toBe(3);
  });

  it("pools the variant's scores of the criteria the baseline scored in the category only", () => {
    const side = (scores: Record<string, number>[]) => makePayload(scores.map((s, i) => makeRecord(i, { row: { category: 'a' }, scores: s })));
    const baseline = side([{ c: 1 }, { c: 2 }]);
    // `x` exists only in the variant: the original never reads it (it loops over the baseline's criteria).
    const variant = side([{ c: 2, x: 9 }, { c: 3, x: 9 }]);
    expect(instantiate(categoryEffects).compare(baseline, variant).category_impacts).toEqual({
      a: { baseline_mean: 1.5, variant_mean: 2.5, delta: 1, effect_size: 1.414, baseline_samples: 2, variant_samples: 2 },
    });
  });

  it('names integer and boolean categories as str() does', () => {
    const ints = makePayload(recordsFromCsv('category\n2\n2\n1\n1\n', (_row, i) => i));
    const bools = makePayload(recordsFromCsv('category\nTrue\nTrue\nFalse\nFalse\n', (_row, i) => i));
    // The original's key order came from a set (arbitrary); here first seen, integer-like names included.
    expect(keyOrderOf(instantiate(categoryEffects).compare(ints, ints).category_impacts as object)).toEqual(['2', '1']);
    expect(Object.keys(instantiate(categoryEffects).compare(bools, bools).category_impacts as object).sort()).toEqual(['False', 'True']);
  });
});

describe('outlier_detection as the original', () => {
  it('resolves a duplicated row id to its last row on each side', () => {
    const baseline = makePayload([makeRecord(0, { id: 'a', scores: { c: 1 } }), makeRecord(1, { id: 'a', scores: { c: 4 } })]);
    const variant = makePayload([makeRecord(0, { id: 'a', scores: { c: 3 } }), makeRecord(1, { id: 'a', scores: { c: 2 } })]);
    expect(instantiate(outlierDetection).compare(baseline, variant)).toMatchObject({
      top_outliers: [{ id: 'a', baseline_mean: 4, variant_mean: 2, delta: 2, direction: 'lower' }],
      total_outliers_found: 1,
    });
  });
});

describe('outlier_detection reports ids as the rows hold them', () => {
  it('an integer id column gives numbers, as the original wrote row["id"]', () => {
    const side = (scores: number[]) => makePayload(scores.map((score, i) => makeRecord(i, { row: { id: [7, 8][i]! }, scores: { c: score } })));
    const output = instantiate(outlierDetection).compare(side([1, 2]), side([4, 2])) as { top_outliers: { id: unknown }[] };
    expect(output.top_outliers.map((outlier) => outlier.id)).toEqual([7, 8]);
  });
});

describe('rationale_analysis as the original', () => {
  const record = (index: number, rationale: string, score?: number) => {
    const base = makeRecord(index, score === undefined ? {} : { scores: { c: score } });
    return { ...base, responses: { c: { content: JSON.stringify({ rationale }), metrics: {} } } };
  };

  it('strips rationales, counts code points, skips rationales without a score, uses the original stop list', () => {
    const output = instantiate(rationaleAnalysis).finalize([
      record(0, '  \u00a0Being vague might hurt 😀😀\n', 1),
      record(1, 'no score here', undefined),
      record(2, 'Being vague', 1),
    ]) as { criteria: { c: Record<string, unknown> }; overall: Record<string, number> };
    // 'Being vague might hurt 😀😀' is 25 code points (27 UTF-16 units); 'Being vague' is 11.
    expect(output.criteria.c).toMatchObject({ count: 2, min_length_chars: 11, max_length_chars: 25, avg_length_chars: 18 });
    // "might" is a stop word of the original, "being" is not.
    expect(output.criteria.c.low_score_keywords).toEqual([
      { word: 'being', count: 2 },
      { word: 'vague', count: 2 },
      { word: 'hurt', count: 1 },
    ]);
    expect(output.overall).toMatchObject({ total_rationales: 2 });
  });

  it('keeps the original shape when there are records but no scored rationale', () => {
    expect(instantiate(rationaleAnalysis).finalize([record(0, 'text, no score')])).toEqual({
      criteria: {},
      overall: { total_rationales: 0, avg_length_chars: 0, avg_length_words: 0 },
    });
  });
});

describe('referee_alignment as the original', () => {
  it('counts a boolean referee value as 1.0 / 0.0', () => {
    const side = makePayload([true, false, true].map((referee, i) => makeRecord(i, { scores: { c: [1, 0, 1][i]! }, row: { referee_score: referee } })));
    expect(instantiate(refereeAlignment).compare(side, side)).toMatchObject({
      baseline: { samples: 3, mean_absolute_error: 0, referee_mean: 2 / 3 },
    });
  });
});

describe('cost_summary as the original', () => {
  it('accepts numeric strings and truncates token counts with int()', () => {
    const records = [
      makeRecord(0, { metrics: { prompt_tokens: '12', completion_tokens: 3.7, cost: '0.25' } }),
      makeRecord(1, { metrics: { prompt_tokens: 10.9, completion_tokens: '2.5', cost: 0.5 } }),
      makeRecord(2, { metrics: { prompt_tokens: ' 8 ', completion_tokens: -1.5, cost: 'free' } }),
    ];
    // int('2.5') raises in Python (left out), int(-1.5) is -1, float('free') raises (left out).
    expect(instantiate(costSummary).finalize(records)).toEqual({
      total_requests: 3,
      requests_with_cost: 2,
      prompt_tokens: { total: 30, mean: 10, median: 10, min: 8, max: 12 },
      completion_tokens: { total: 2, mean: 1, median: 1, min: -1, max: 3 },
      cost: { total: 0.75, mean: 0.375, median: 0.375, min: 0.25, max: 0.5 },
    });
  });
});

describe("cost_summary's total is Python 3.12's sum()", () => {
  it('sums floats with Neumaier compensation: ten costs of 0.1 total 1.0 (Python 3.12 "What\'s New": sum([0.1] * 10) == 1.0)', () => {
    const records = Array.from({ length: 10 }, (_, i) => makeRecord(i, { metrics: { cost: 0.1 } }));
    expect((instantiate(costSummary).finalize(records) as { cost: { total: number } }).cost.total).toBe(1);
    expect(pythonSum([1e100, 1, -1e100])).toBe(1);
    expect(pythonSum([0.1, 0.2, 0.3])).toBe(0.6);
  });
});

describe('score_flip_analysis as the original', () => {
  it("gives examples in the original's criterion order (as criteria first appear), not sorted", () => {
    const side = (scores: Record<string, number>[]) => makePayload(scores.map((s, i) => makeRecord(i, { scores: s })));
    const output = instantiate(scoreFlipAnalysis).compare(side([{ zeta: 1, alpha: 2 }]), side([{ zeta: 4, alpha: 3 }]));
    expect(output.examples).toMatchObject({ fail_to_pass: [[1, 4], [2, 3]] });
    expect(Object.keys(output.criteria as object)).toEqual(['zeta', 'alpha']);
  });

  it('counts a pair in the overlap of fail and pass thresholds as fail→pass only, per criterion as overall (the original counted both per criterion)', () => {
    const side = (score: number) => makePayload([makeRecord(0, { scores: { c: score } })]);
    const output = instantiate(scoreFlipAnalysis, { fail_threshold: 3, pass_threshold: 3 }).compare(side(3), side(3));
    expect(output).toMatchObject({ fail_to_pass_count: 1, pass_to_fail_count: 0, criteria: { c: { fail_to_pass_count: 1, pass_to_fail_count: 0, net_flip_impact: 1 } } });
  });

  it('counts an unchanged pair once at major_change: 0, per criterion as overall (the original counted it twice per criterion)', () => {
    const side = (score: number) => makePayload([makeRecord(0, { scores: { c: score } })]);
    const output = instantiate(scoreFlipAnalysis, { major_change: 0 }).compare(side(3), side(3));
    expect(output).toMatchObject({ major_drops_count: 1, major_gains_count: 0, criteria: { c: { major_drops_count: 1, major_gains_count: 0 } } });
  });
});
