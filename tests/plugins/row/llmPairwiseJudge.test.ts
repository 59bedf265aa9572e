import type { ExperimentRecord, RowOutcome } from '../../../src/core/engine/records';
import type { RowModelRequest } from '../../../src/core/plugins/kinds';
import { PairwiseSummaryOptionsSchema, summarizePairwise } from '../../../src/plugins/aggregator/pairwiseSummary';
import { createPairwiseJudge, LlmPairwiseJudgeOptionsSchema, llmPairwiseJudge, parsePreference } from '../../../src/plugins/row/llmPairwiseJudge';
import { rowContext } from '../../fakes/rowContext';

const okOutcome = (index: number, content: string): RowOutcome => ({
  status: 'ok',
  index,
  id: String(index),
  row: {},
  // As stored in a batch file: `response` left out when `responses` holds it.
  responses: { default: { content, metrics: {} } },
  metrics: {},
  metadata: {},
  security_level: 'official',
} as unknown as RowOutcome);

function setup(reply: (request: RowModelRequest) => string, baseline: RowOutcome | undefined, options: Record<string, unknown> = {}) {
  const requests: RowModelRequest[] = [];
  const waits: (number | undefined)[] = [];
  const plugin = createPairwiseJudge(LlmPairwiseJudgeOptionsSchema.parse({ llm: { plugin: 'mock' }, reference_field: 'label', ...options }), { routeModel: () => 'model:pair' });
  const run = (index: number, variant: string) =>
    plugin.processRow({}, { default: { content: variant, metrics: {} } }, rowContext({ label: 'billing' }, {
      index,
      call: async (request) => (requests.push(request), { content: reply(request), metrics: {} }),
      baseline: async (options) => (waits.push(options?.waitInMs), baseline),
    }));
  return { run, requests, waits };
}

describe('llm_pairwise_judge', () => {
  it('declares that it reads the baseline rows (planned after the baseline batch)', () => {
    expect(llmPairwiseJudge.readsBaselineRows).toBe(true);
  });

  it('shows the variant first on even rows and second on odd rows, and maps A/B back to variant/baseline', async () => {
    const { run, requests, waits } = setup(() => '{"winner": "A", "rationale": "A is right."}', okOutcome(0, 'shipping'));
    const even = await run(0, 'billing');
    const odd = await run(1, 'billing');
    expect(requests[0]!.userPrompt).toBe('Two answers were given to the same request. Which one is better?\nReference: billing\nAnswer A: billing\nAnswer B: shipping\n\nReply with JSON only: {"winner": "A" or "B" or "tie", "rationale": "<one or two sentences>"}.');
    expect(requests[1]!.userPrompt).toContain('Answer A: shipping\nAnswer B: billing');
    expect(requests.map((request) => [request.route, request.purpose])).toEqual([['model:pair', 'llm_pairwise_judge:pairwise'], ['model:pair', 'llm_pairwise_judge:pairwise']]);
    expect(even).toEqual({ scores: { pairwise: 1 }, score_kinds: { pairwise: 'continuous' }, pairwise: { pairwise: { winner: 'variant', variant_position: 'A', rationale: 'A is right.' } } });
    expect(odd).toMatchObject({ scores: { pairwise: 0 }, pairwise: { pairwise: { winner: 'baseline', variant_position: 'B' } } });
    expect(waits).toEqual([120_000, 120_000]);
  });

  it('allows ties (0.5), or flags them when ties are not allowed', async () => {
    expect(await setup(() => '{"winner": "tie"}', okOutcome(0, 'x')).run(0, 'y')).toMatchObject({ scores: { pairwise: 0.5 }, pairwise: { pairwise: { winner: 'tie' } } });
    const strict = setup(() => 'They are equal.', okOutcome(0, 'x'), { allow_ties: false });
    expect(await strict.run(0, 'y')).toMatchObject({ scores: { pairwise: NaN }, scoring_flags: { pairwise: 'judge_unreadable' } });
    expect(strict.requests[0]!.userPrompt).toContain('{"winner": "A" or "B", ');
  });

  const failedBaseline: RowOutcome = { status: 'error', index: 0, id: '0', row: {}, error: 'x', error_code: 'LLM_TIMEOUT', timestamp: 0 };
  it.each<[string, RowOutcome | undefined, string]>([
    ['the baseline has no outcome for the row', undefined, 'baseline_missing'],
    ['the baseline row failed', failedBaseline, 'baseline_failed'],
  ])('keeps the row unscored with a flag when %s, without calling the judge', async (_label, baseline, flag) => {
    const { run, requests } = setup(() => '{"winner": "A"}', baseline);
    expect(await run(0, 'billing')).toMatchObject({ scores: { pairwise: NaN }, scoring_flags: { pairwise: flag } });
    expect(requests).toEqual([]);
  });

  it('writes nothing in the baseline experiment', async () => {
    const plugin = createPairwiseJudge(LlmPairwiseJudgeOptionsSchema.parse({ llm: { plugin: 'mock' } }), { routeModel: () => 'model:pair' });
    expect(await plugin.processRow({}, { default: { content: 'x', metrics: {} } }, rowContext({}, { isBaseline: true }))).toEqual({});
  });

  it.each([
    ['{"winner": "B"}', 'B'],
    ['{"preferred": "Answer A"}', 'A'],
    ['Answer B is better because...', 'B'],
    ['{"winner": "equal"}', 'tie'],
    ['TIE', 'tie'],
    ['I cannot decide', undefined],
  ])('reads the preference in %p', (content, expected) => {
    expect(parsePreference(content)).toBe(expected);
  });
});

describe('pairwise_summary', () => {
  const record = (index: number, winner: string | undefined, position: 'A' | 'B'): ExperimentRecord => ({
    status: 'ok',
    index,
    id: String(index),
    row: {},
    response: { content: '', metrics: {} },
    metrics: winner === undefined ? { scores: { pairwise: NaN } } : { scores: { pairwise: { variant: 1, tie: 0.5, baseline: 0 }[winner] }, pairwise: { pairwise: { winner, variant_position: position } } },
    metadata: {},
    security_level: 'official',
  });

  it('counts wins, losses and ties, tests them, and reports how much the order mattered', () => {
    // Variant shown first (A): 6 wins, 2 losses; shown second (B): 3 wins, 3 losses, 2 ties; one row unscored.
    const winners: [string, 'A' | 'B'][] = [
      ...Array.from({ length: 6 }, () => ['variant', 'A'] as [string, 'A']),
      ...Array.from({ length: 2 }, () => ['baseline', 'A'] as [string, 'A']),
      ...Array.from({ length: 3 }, () => ['variant', 'B'] as [string, 'B']),
      ...Array.from({ length: 3 }, () => ['baseline', 'B'] as [string, 'B']),
      ['tie', 'B'],
      ['tie', 'B'],
    ];
    const records = [...winners.map(([winner, position], i) => record(i, winner, position)), record(99, undefined, 'A')];
    const summary = summarizePairwise(records, PairwiseSummaryOptionsSchema.parse({}));
    expect(summary).toMatchObject({ rows: 16, variant_wins: 9, baseline_wins: 5, ties: 2, unscored: 1, win_rate: 10 / 16, variant_win_share: 9 / 14 });
    // Exact binomial, 5 of 14 decisive for the baseline, two-sided: scipy.stats.binomtest(5, 14).pvalue.
    expect(summary.sign_test_p_value).toBeCloseTo(0.4239501953125, 12);
    const position = summary.position as Record<string, unknown>;
    expect(position).toMatchObject({ variant_first: { rows: 8, variant_wins: 6, baseline_wins: 2, ties: 0 }, variant_second: { rows: 8, variant_wins: 3, baseline_wins: 3, ties: 2 } });
    // Shown first won: 6 (variant first) + 3 (baseline first) of 14.
    expect(position.first_shown_win_share).toBeCloseTo(9 / 14, 12);
    expect(position.order_agreement).toBeCloseTo(1 - Math.abs(6 / 8 - 3 / 6), 12);
  });

  it('reports nulls without decisive judgements', () => {
    expect(summarizePairwise([record(0, 'tie', 'A')], PairwiseSummaryOptionsSchema.parse({}))).toMatchObject({ variant_win_share: null, sign_test_p_value: null, position: { first_shown_win_share: null, order_agreement: null } });
  });
});
