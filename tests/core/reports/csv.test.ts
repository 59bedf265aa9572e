import { csvCell, encodeCsv } from '../../../src/core/reports/csv';
import { flattenMetrics } from '../../../src/core/reports/resultsTable';

const on = { sanitizeFormulas: true };
const off = { sanitizeFormulas: false };

describe('csvCell', () => {
  it.each<[unknown, string, string]>([
    ['plain', 'plain', 'plain'],
    ['a,b', '"a,b"', '"a,b"'],
    ['say "hi"', '"say ""hi"""', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"', '"two\nlines"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)", '=SUM(A1:A2)'],
    ['+1', "'+1", '+1'],
    ['-1', "'-1", '-1'],
    ['@cmd', "'@cmd", '@cmd'],
    ['\tindent', "'\tindent", '\tindent'],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"', '"=HYPERLINK(""x"",""y"")"'],
    ['a=b', 'a=b', 'a=b'],
    [-0.25, '-0.25', '-0.25'],
    [3, '3', '3'],
    [Number.NaN, '', ''],
    [Infinity, 'inf', 'inf'],
    [-Infinity, '-inf', '-inf'],
    [null, '', ''],
    [undefined, '', ''],
    [true, 'True', 'True'],
    [[1, 2], '"[1,2]"', '"[1,2]"'],
    [{ a: '=x' }, '"{""a"":""=x""}"', '"{""a"":""=x""}"'],
  ])('%j -> %j (sanitised) / %j (raw)', (value, sanitised, raw) => {
    expect([csvCell(value, on), csvCell(value, off)]).toEqual([sanitised, raw]);
  });
});

describe('encodeCsv', () => {
  it('writes a header, one line per row in column order, and sanitises header cells', () => {
    expect(encodeCsv(['id', '=evil'], [{ id: 1, '=evil': 'x' }, { id: 2 }], on)).toBe("id,'=evil\n1,x\n2,\n");
  });

  it('writes nothing without columns', () => {
    expect(encodeCsv([], [], on)).toBe('');
  });
});

describe('flattenMetrics', () => {
  it('flattens nested maps with underscores and keeps arrays whole', () => {
    expect(flattenMetrics({ score: 0.5, scores: { analysis: 0.5, deep: { x: 1 } }, tags: ['a'], empty: {} })).toEqual({
      metric_score: 0.5,
      metric_scores_analysis: 0.5,
      metric_scores_deep_x: 1,
      metric_tags: ['a'],
    });
  });
});
