import { formatTwoDecimals, mockHashByte, mockScore } from '../../../src/core/llm/mockScore';

const SYSTEM = 'You are an evaluation assistant that returns concise JSON feedback.';
const analysisPrompt = (rowId: string) =>
  `Provide JSON {"score": <0-1>, "comment": "<analysis>"} assessing clarity of summary for ${rowId}.`;
const priorityPrompt = (rowId: string, industry: string) => `Estimate priority (0-1) for ${rowId} considering industry "${industry}".`;

describe('mockScore golden values (docs/original-behaviour.md §3.18, seed 42, first attempt)', () => {
  it.each([
    ['APP-001', 'analysis', analysisPrompt('APP-001'), 85, 0.5666666666666667],
    ['APP-001', 'prioritization', priorityPrompt('APP-001', 'HR'), 203, 0.7980392156862746],
    ['APP-002', 'analysis', analysisPrompt('APP-002'), 117, 0.6294117647058823],
    ['APP-002', 'prioritization', priorityPrompt('APP-002', 'Retail'), 231, 0.8529411764705883],
    ['APP-003', 'analysis', analysisPrompt('APP-003'), 138, 0.6705882352941177],
    ['APP-003', 'prioritization', priorityPrompt('APP-003', 'Support'), 213, 0.8176470588235294],
  ])('%s %s -> byte %i, score %d', (rowId, criteria, userPrompt, byte, score) => {
    const metadata = { row_id: rowId, criteria, attempt: 1 };
    expect(mockHashByte(SYSTEM, userPrompt, metadata, 42)).toBe(byte);
    expect(mockScore(SYSTEM, userPrompt, metadata, 42)).toBe(score);
  });
});

describe('mockScore inputs', () => {
  it('does not depend on the insertion order of metadata keys (they are sorted)', () => {
    const a = mockScore('s', 'u', { b: 2, a: 'x' }, 7);
    const b = mockScore('s', 'u', { a: 'x', b: 2 }, 7);
    expect(a).toBe(b);
  });

  it('treats null, undefined and 0 as the same seed', () => {
    const zero = mockHashByte('s', 'u', {}, 0);
    expect([mockHashByte('s', 'u', {}, null), mockHashByte('s', 'u', {}, undefined)]).toEqual([zero, zero]);
  });

  it('changes with attempt metadata, so middleware that adds metadata changes scores', () => {
    const first = mockHashByte(SYSTEM, analysisPrompt('APP-001'), { row_id: 'APP-001', criteria: 'analysis', attempt: 1 }, 42);
    const second = mockHashByte(SYSTEM, analysisPrompt('APP-001'), { row_id: 'APP-001', criteria: 'analysis', attempt: 2 }, 42);
    expect(first).not.toBe(second);
  });

  it('always lies in [0.4, 0.9]', () => {
    const scores = Array.from({ length: 300 }, (_, i) => mockScore('s', `u${i}`, {}, i));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0.4);
    expect(Math.max(...scores)).toBeLessThanOrEqual(0.9);
  });
});

describe("formatTwoDecimals matches Python's '%.2f'", () => {
  it.each([
    [0.125, '0.12'],
    [0.375, '0.38'],
    [0.625, '0.62'],
    [0.875, '0.88'],
    [-0.125, '-0.12'],
    [2.5, '2.50'],
    [0.565, '0.56'],
    [0.5666666666666667, '0.57'],
    [0.7980392156862746, '0.80'],
    [0.005, '0.01'],
    [0.015, '0.01'],
    [1.005, '1.00'],
    [0.9, '0.90'],
    [0.4, '0.40'],
  ])('%d -> %s', (value, expected) => {
    expect(formatTwoDecimals(value)).toBe(expected);
  });
});
