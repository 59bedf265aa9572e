import { rowPlugins } from '../../../src/plugins/row';
import { coerceScore, createScoreExtractor, ScoreExtractorOptionsSchema } from '../../../src/plugins/row/scoreExtractor';
import type { LlmResponse } from '../../../src/core/llm/types';

const response = (metrics: Record<string, unknown>, content = ''): LlmResponse => ({ content, metrics });
const extractor = (options: Record<string, unknown> = {}) => createScoreExtractor(ScoreExtractorOptionsSchema.parse(options));

describe('score_extractor', () => {
  it('is listed in the row plugin index', () => {
    expect(rowPlugins.map((plugin) => plugin.name)).toEqual(expect.arrayContaining(['score_extractor', 'noop']));
  });

  it('reads metrics first, then JSON content, and flags against the threshold', () => {
    const output = extractor({ threshold: 0.7 }).processRow({}, {
      analysis: response({ score: 0.8 }),
      prioritization: response({}, '{"score": "0.6"}'),
    });
    expect(output).toEqual({ scores: { analysis: 0.8, prioritization: 0.6 }, score_flags: { analysis: true, prioritization: false } });
  });

  it('stores NaN for a missing score, or omits it with allow_missing', () => {
    const responses = { a: response({}, 'not json'), b: response({ score: null }) };
    expect(extractor().processRow({}, responses)).toEqual({ scores: { a: NaN, b: NaN } });
    expect(extractor({ allow_missing: true }).processRow({}, responses)).toEqual({});
  });

  it('honours key, criteria, parse_json_content and flag_field', () => {
    const plugin = extractor({ key: 'rating', criteria: ['x'], parse_json_content: false, threshold: 3, threshold_mode: 'lt', flag_field: 'low' });
    const output = plugin.processRow({}, { x: response({}, '{"rating": 2}'), y: response({ rating: 1 }) });
    expect(output).toEqual({ scores: { x: NaN } });
    expect(plugin.processRow({}, { x: response({ rating: 2 }) })).toEqual({ scores: { x: 2 }, low: { x: true } });
  });

  it.each([
    ['gt', 0.7, false],
    ['gte', 0.7, true],
    ['lt', 0.7, false],
    ['lte', 0.7, true],
    ['gt', 0.69, true],
  ])('threshold_mode %s at threshold %p flags 0.7 as %p', (mode, threshold, flag) => {
    expect(extractor({ threshold, threshold_mode: mode }).processRow({}, { default: response({ score: 0.7 }) })).toEqual({
      scores: { default: 0.7 },
      score_flags: { default: flag },
    });
  });

  it.each([
    [5, 5],
    [0.25, 0.25],
    [true, 1],
    [' 72% ', 72],
    ['1_000', 1000],
    ['1e-3', 0.001],
    ['.5', 0.5],
    ['abc', undefined],
    ['', undefined],
    ['1__0', undefined],
    [[1], undefined],
    [{ value: 1 }, undefined],
  ])('coerces %p to %p', (raw, expected) => {
    expect(coerceScore(raw)).toBe(expected);
  });

  it('rejects an unknown threshold_mode and unknown options', () => {
    expect(ScoreExtractorOptionsSchema.safeParse({ threshold_mode: 'eq' }).success).toBe(false);
    expect(ScoreExtractorOptionsSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
});
