import type { LlmResponse } from '../../../src/core/llm/types';
import { normalizeText, parseJsonAnswer, parseJsonPath, parseNumberAnswer, valueAtPath } from '../../../src/core/analytics/answers';
import { createGoldMatch, GoldMatchOptionsSchema, goldMatch } from '../../../src/plugins/row/goldMatch';
import { rowPlugins } from '../../../src/plugins/row';
import { rowContext } from '../../fakes/rowContext';

async function score(options: Record<string, unknown>, answer: string | undefined, expected: unknown, extra: Record<string, LlmResponse> = {}) {
  const plugin = createGoldMatch(GoldMatchOptionsSchema.parse({ expected_field: 'label', ...options }));
  const responses: Record<string, LlmResponse> = answer === undefined ? extra : { default: { content: answer, metrics: {} }, ...extra };
  return plugin.processRow({ text: 'prompt only' }, responses, rowContext({ text: 'prompt only', label: expected }));
}

describe('gold_match', () => {
  it('is registered as a row plugin', () => {
    expect(rowPlugins.map((plugin) => plugin.name)).toContain('gold_match');
    expect(goldMatch.kind).toBe('row');
  });

  it.each([
    ['exact', {}, 'billing', 'billing', 1],
    ['exact is exact', {}, 'Billing', 'billing', 0],
    ['exact keeps whitespace', {}, 'billing\n', 'billing', 0],
    ['normalized ignores case, space and punctuation', { mode: 'normalized' }, '  Billing. ', 'billing', 1],
    ['normalized joins hyphens as spaces', { mode: 'normalized' }, 'Tech-Support', 'tech support', 1],
    ['normalized mismatch', { mode: 'normalized' }, 'shipping', 'billing', 0],
    ['contains whole words', { mode: 'contains' }, 'This is a Billing question.', 'billing', 1],
    ['contains is not a substring match', { mode: 'contains' }, 'billings', 'billing', 0],
    ['regex finds the column pattern', { mode: 'regex' }, 'Category: BILL-42', 'BILL-\\d+', 1],
    ['regex anchored', { mode: 'regex' }, 'x billing', '^billing$', 0],
    ['one_of', { mode: 'one_of' }, 'Refund', 'billing|refund', 1],
    ['one_of other separator', { mode: 'one_of', separator: ';' }, 'refund', 'billing;refund', 1],
    ['one_of miss', { mode: 'one_of' }, 'shipping', 'billing|refund', 0],
    ['json_field', { mode: 'json_field', json_path: 'label' }, '{"label": "Billing", "confidence": 0.9}', 'billing', 1],
    ['json_field inside a code fence', { mode: 'json_field', json_path: '$.result.labels[1]' }, '```json\n{"result": {"labels": ["a", "billing"]}}\n```', 'billing', 1],
    ['numeric within tolerance', { mode: 'numeric', tolerance: 0.5 }, 'About 41.6 items', '42', 1],
    ['numeric outside tolerance', { mode: 'numeric', tolerance: 0.1 }, '41.6', 42, 0],
    ['numeric with thousands', { mode: 'numeric' }, 'Total: 1,200.5 EUR', '1,200.5', 1],
    ['numeric float noise', { mode: 'numeric' }, String(0.1 + 0.2), '0.3', 1],
    ['numeric from JSON', { mode: 'numeric', json_path: 'total' }, '{"total": 7}', '7', 1],
  ])('%s', async (_label, options, answer, expected, expectedScore) => {
    const output = await score(options, answer, expected);
    expect((output.scores as Record<string, number>).match).toBe(expectedScore);
    expect(output.score_flags).toEqual({ match: expectedScore === 1 });
    expect(output.score_kinds).toEqual({ match: 'binary' });
    expect(output.scoring_flags).toBeUndefined();
  });

  it('records expected and predicted labels for classification_metrics', async () => {
    expect((await score({ mode: 'normalized' }, 'Billing!', 'billing')).gold).toEqual({ match: { expected: 'billing', predicted: 'billing' } });
    expect((await score({ mode: 'normalized' }, ' Shipping ', 'billing')).gold).toEqual({ match: { expected: 'billing', predicted: 'shipping' } });
    expect((await score({ mode: 'one_of' }, 'REFUND', 'billing|refund')).gold).toEqual({ match: { expected: 'billing|refund', predicted: 'refund' } });
    expect((await score({ mode: 'exact' }, 'x'.repeat(500), 'billing')).gold).toEqual({ match: { expected: 'billing', predicted: `${'x'.repeat(200)}…` } });
  });

  it('scores set_overlap with F1 (default) or Jaccard, recording both', async () => {
    const output = await score({ mode: 'set_overlap' }, '["Billing", "refund", "urgent"]', 'billing|refund|account');
    expect(output).toMatchObject({ scores: { match: 2 / 3 }, score_kinds: { match: 'continuous' }, gold: { match: { predicted: ['billing', 'refund', 'urgent'], jaccard: 0.5, f1: 2 / 3 } } });
    expect(output.score_flags).toBeUndefined();
    expect((await score({ mode: 'set_overlap', overlap_metric: 'jaccard' }, 'billing, refund', 'billing|refund')).scores).toEqual({ match: 1 });
    expect((await score({ mode: 'set_overlap' }, '', '')).scores).toEqual({ match: NaN });
    expect(await score({ mode: 'set_overlap' }, '  ', 'billing')).toMatchObject({ scores: { match: 0 }, scoring_flags: { match: 'no_labels' } });
  });

  it.each([
    ['no JSON in the answer', { mode: 'json_field', json_path: 'label' }, 'billing', 'billing', 0, 'no_json'],
    ['the JSON path is absent', { mode: 'json_field', json_path: 'category' }, '{"label": "billing"}', 'billing', 0, 'json_path_missing'],
    ['the path cannot reach the prototype', { mode: 'json_field', json_path: '__proto__.constructor' }, '{"a": 1}', 'x', 0, 'json_path_missing'],
    ['no number in the answer', { mode: 'numeric' }, 'I cannot say', '42', 0, 'no_number'],
    ['the expected value is missing', {}, 'billing', '', NaN, 'expected_missing'],
    ['the expected value is null', {}, 'billing', null, NaN, 'expected_missing'],
    ['the expected value is not a number', { mode: 'numeric' }, '42', 'forty-two', NaN, 'expected_invalid'],
    ['the pattern does not compile', { mode: 'regex' }, 'abc', '(unclosed', NaN, 'expected_invalid'],
    ['the pattern uses backreferences RE2 refuses', { mode: 'regex' }, 'aa', '(a)\\1', NaN, 'expected_invalid'],
  ])('flags, never fails, when %s', async (_label, options, answer, expected, expectedScore, flag) => {
    const output = await score(options, answer, expected);
    expect((output.scores as Record<string, number>).match).toBe(expectedScore);
    expect(output.scoring_flags).toEqual({ match: flag });
  });

  it('matches a catastrophic pattern from the data in linear time (RE2)', async () => {
    const output = await score({ mode: 'regex' }, `${'a'.repeat(100_000)}!`, '^(a+)+$');
    expect(output.scores).toEqual({ match: 0 });
  });

  it('scores the named criterion answer, or flags a missing one', async () => {
    const extra = { tone: { content: 'billing', metrics: {} } };
    expect((await score({ response_criterion: 'tone' }, undefined, 'billing', { first: { content: 'x', metrics: {} }, ...extra })).scores).toEqual({ match: 1 });
    expect(await score({ response_criterion: 'absent' }, 'billing', 'billing')).toMatchObject({ scores: { match: NaN }, scoring_flags: { match: 'no_response' } });
    expect((await score({ criterion: 'label_ok' }, 'billing', 'billing')).scores).toEqual({ label_ok: 1 });
  });

  it('rejects options that cannot work', () => {
    expect(GoldMatchOptionsSchema.safeParse({ expected_field: 'label', mode: 'json_field' }).error?.issues[0]).toMatchObject({ path: ['json_path'] });
    expect(GoldMatchOptionsSchema.safeParse({ expected_field: 'label', json_path: 'a..b' }).success).toBe(false);
    expect(GoldMatchOptionsSchema.safeParse({ expected_field: 'label', mode: 'fuzzy' }).success).toBe(false);
    expect(GoldMatchOptionsSchema.safeParse({ mode: 'exact' }).success).toBe(false);
  });
});

describe('answer parsing', () => {
  it.each([
    ['label', ['label']],
    ['$.a.b[2].c', ['a', 'b', 2, 'c']],
    ["a['x y']", ['a', 'x y']],
    ['$', []],
    ['a..b', undefined],
    ['a[x]', undefined],
  ])('parses the JSON path %p', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it('reads values at paths through own properties only', () => {
    const value = JSON.parse('{"a": [{"b": 1}], "__proto__": {"polluted": true}}') as unknown;
    expect(valueAtPath(value, ['a', 0, 'b'])).toEqual({ found: true, value: 1 });
    expect(valueAtPath(value, ['a', 1])).toEqual({ found: false });
    expect(valueAtPath(value, ['__proto__', 'polluted'])).toEqual({ found: true, value: true });
    expect(valueAtPath({}, ['toString'])).toEqual({ found: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds JSON in plain, fenced and chatty answers', () => {
    expect(parseJsonAnswer('{"a": 1}')).toEqual({ a: 1 });
    expect(parseJsonAnswer('Sure! Here it is: {"a": [1, 2]} Hope it helps.')).toEqual({ a: [1, 2] });
    expect(parseJsonAnswer('```\n[1, 2]\n```')).toEqual([1, 2]);
    expect(parseJsonAnswer('no json {here')).toBeUndefined();
  });

  it.each([
    ['42', 42],
    ['-3.5e2 points', -350],
    ['costs 1,234,567.8', 1234567.8],
    ['1,2,3', 1],
    ['.5', 0.5],
    ['none', undefined],
  ])('reads the number in %p', (text, value) => {
    expect(parseNumberAnswer(text)).toBe(value);
  });

  it('normalizes case, punctuation and whitespace (including full-width forms)', () => {
    expect(normalizeText('  ＢＩＬＬＩＮＧ — Refund!! ')).toBe('billing refund');
  });
});
