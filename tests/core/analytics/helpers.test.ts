import { KeywordCounter } from '../../../src/core/analytics/keywordCounter';
import { pairedScores, pairRecords } from '../../../src/core/analytics/pairing';
import { parseFloatText as parsePythonFloat } from '../../../src/core/python';
import { topKeywords } from '../../../src/core/analytics/rationale';
import { collectScores, comparePython, roundTo, sharedCriteria } from '../../../src/core/analytics/scores';
import { scoreTable } from '../../../src/core/analytics/scoreTable';
import { formatFixed } from '../../../src/core/python';
import { makeRecord, recordsFromColumns } from '../../fixtures/analytics/records';

describe('roundTo (Python round(x, n))', () => {
  it.each([
    [0.125, 2, 0.12], [0.375, 2, 0.38], [2.675, 2, 2.67], [1.005, 2, 1.0], [0.045, 2, 0.04], [1234.5678, 2, 1234.57],
    [-2.5, 0, -2], [0.615, 2, 0.61], [1.115, 2, 1.11], [3.14159, 3, 3.142], [0.5, 0, 0], [1.5, 0, 2], [2.675, 3, 2.675],
  ])('round(%p, %p) = %p', (value, digits, expected) => {
    expect(roundTo(value, digits)).toBe(expected);
  });

  it('gives the exact (BigInt) answer on values at and near ties', () => {
    const mismatches: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const value = i / 2000 - 5 + (i % 3 === 0 ? 0 : (i % 3 === 1 ? 1 : -1) * 1e-12);
      if (roundTo(value, 2) !== Number(formatFixed(value, 2))) mismatches.push(value);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('Python float parsing and ordering', () => {
  it.each([
    ['1.5', 1.5], [' -2e3 ', -2000], ['1_000.5', 1000.5], ['inf', Infinity], ['-Infinity', -Infinity], ['.5', 0.5], ['5.', 5],
    ['1__0', undefined], ['_1', undefined], ['', undefined], ['0x10', undefined], ['1e', undefined],
  ])('float(%p) is %p', (text, expected) => {
    expect(parsePythonFloat(text)).toBe(expected);
  });

  it('parses nan as NaN and orders strings by code point', () => {
    expect(parsePythonFloat('NaN')).toBeNaN();
    expect(['b', 'B', 'a', '\u{1F600}', '\uFFFF'].sort(comparePython)).toEqual(['B', 'a', 'b', '\uFFFF', '\u{1F600}']);
    expect(sharedCriteria(['z', 'a', 'm'], ['m', 'z'], null)).toEqual(['m', 'z']);
    expect(sharedCriteria(['z', 'a', 'm'], ['m', 'z', 'a'], ['a'])).toEqual(['a']);
  });
});

describe('score table and collection', () => {
  it('skips null, NaN and non-numbers, and notices a changed array length', () => {
    const records = recordsFromColumns({ a: [1, null, NaN, 'x', 4] });
    expect(collectScores(records)).toEqual(new Map([['a', [1, 4]]]));
    const table = scoreTable(records);
    expect(Array.from(table.scores.get('a')!.state)).toEqual([1, 2, 2, 3, 1]);
    records.push(makeRecord(5, { scores: { a: 6 } }));
    expect(collectScores(records).get('a')).toEqual([1, 4, 6]);
  });
});

describe('pairing', () => {
  const baseline = [makeRecord(0, { id: 'x', scores: { c: 1 } }), makeRecord(1, { id: 'y', scores: { c: 2 } }), makeRecord(2, { id: 'x', scores: { c: 9 } })];
  const variant = [makeRecord(0, { id: 'y', scores: { c: 5 } }), makeRecord(1, { id: 'z', scores: { c: null } })];

  it('pairs by position over the shorter list, or by a column keeping the first duplicate', () => {
    expect(pairRecords(baseline, variant, 'index').map((pair) => [pair.baselineIndex, pair.variantIndex])).toEqual([[0, 0], [1, 1]]);
    expect(pairRecords(baseline, variant, 'id').map((pair) => [pair.key, pair.baselineIndex, pair.variantIndex])).toEqual([['y', 1, 0]]);
  });

  it('keeps only pairs where both scores are usable', () => {
    const pairs = pairRecords(baseline, variant, 'index');
    expect(pairedScores(pairs, baseline, variant).get('c')).toEqual({ baseline: [1], variant: [5] });
  });
});

describe('keyword counting', () => {
  it('counts lower-cased words, skips stop words and short words, keeps first-seen order on ties', () => {
    expect(topKeywords(['The Answer is VAGUE, vague; and thin', 'thin answer_2 here'], 3, 4)).toEqual([
      { word: 'vague', count: 2 },
      { word: 'thin', count: 2 },
      { word: 'answer', count: 1 },
      { word: 'answer_2', count: 1 },
    ]);
  });

  it('merges words from non-ASCII text with the same words from ASCII text', () => {
    expect(topKeywords(['café clear', 'clear CAFÉ über', 'clear'], 3, 3)).toEqual([
      { word: 'clear', count: 3 },
      { word: 'café', count: 2 },
      { word: 'über', count: 1 },
    ]);
  });

  it('grows past its initial capacity', () => {
    const counter = new KeywordCounter(1, []);
    for (let i = 0; i < 3000; i++) counter.add(`word${i} common`);
    expect(counter.top(2)).toEqual([{ word: 'common', count: 3000 }, { word: 'word0', count: 1 }]);
  });
});
