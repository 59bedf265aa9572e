import { countOf, formatNumber, formatPercent, formatSigned } from '../../../src/core/reports/numberFormat';
import { markdownCell, markdownTable } from '../../../src/core/reports/markdown';
import { toJsonSafe, toJsonText } from '../../../src/core/reports/json';
import { renderPluginOutput } from '../../../src/core/reports/pluginTables';

describe('formatNumber', () => {
  it.each<[unknown, string]>([
    [3, '3'],
    [0.6222222222222222, '0.6222'],
    [0.5, '0.5'],
    [12.345678, '12.3457'],
    [-0.0123456, '-0.01235'],
    [0.000012346, '0.00001235'],
    [1.2345e-9, '1.235e-9'],
    [1234567.891, '1234567.891'],
    [Number.NaN, 'n/a'],
    [null, 'n/a'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
    ['text', 'text'],
  ])('%p -> %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('signs, percentages and counts', () => {
    expect([formatSigned(0.1), formatSigned(-0.1), formatSigned(0), formatSigned(null)]).toEqual(['+0.1', '-0.1', '0', 'n/a']);
    expect([formatPercent(2 / 3), formatPercent(1), formatPercent(null)]).toEqual(['66.7%', '100%', 'n/a']);
    expect([countOf(1, 'retry', 'retries'), countOf(2, 'row')]).toEqual(['1 retry', '2 rows']);
  });
});

describe('markdown', () => {
  it.each<[unknown, string]>([
    ['a|b', 'a\\|b'],
    ['line\nbreak', 'line break'],
    [true, 'yes'],
    [[0.1234567, 2], '[0.1235, 2]'],
    [{ a: 1 }, '{"a":1}'],
  ])('cell %p -> %s', (value, expected) => {
    expect(markdownCell(value)).toBe(expected);
  });

  it('builds tables', () => {
    expect(markdownTable(['a', 'b'], [[1, 'x']])).toBe('| a | b |\n| --- | --- |\n| 1 | x |');
  });

  it('falls back to fenced JSON for deep plugin outputs', () => {
    expect(renderPluginOutput({ top_outliers: [{ id: 'x', delta: Infinity }], total: 1 })).toBe(
      '```json\n{\n  "top_outliers": [\n    {\n      "delta": null,\n      "id": "x"\n    }\n  ],\n  "total": 1\n}\n```',
    );
  });
});

describe('json', () => {
  it('replaces non-finite numbers with null and drops undefined', () => {
    expect(toJsonSafe({ a: Infinity, b: [Number.NaN, 1], c: undefined, d: { e: -Infinity } })).toEqual({ a: null, b: [null, 1], d: { e: null } });
    expect(toJsonText({ b: 1, a: { d: 2, c: 3 } }, { sortKeys: true })).toBe('{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}\n');
  });
});
