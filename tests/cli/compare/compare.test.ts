import { runCompare } from '../../../src/cli/commands/compare';
import { REFERENCE_BASELINE, REFERENCE_VARIANT } from '../../fixtures/analytics/records';
import { createCompareIo, createMemoryBlobStore, jsonl, scoreLines } from './fakes';

const files = {
  'a.jsonl': jsonl(scoreLines(REFERENCE_BASELINE)),
  'b.jsonl': jsonl(scoreLines(REFERENCE_VARIANT)),
};

describe('elspeth compare', () => {
  it('--json prints {plugin: {criterion: original keys}} and nothing else', async () => {
    const io = createCompareIo(files);
    const code = await runCompare(['--baseline', 'a.jsonl', '--variant', 'b.jsonl', '--plugins', 'score_cliffs_delta,score_delta,score_practical', '--json'], io);
    expect(code).toBe(0);
    expect(io.err).toEqual([]);
    const output = JSON.parse(io.out.join('')) as Record<string, Record<string, unknown> | undefined>;
    expect(Object.keys(output)).toEqual(['score_cliffs_delta', 'score_delta', 'score_practical']);
    expect(output.score_cliffs_delta?.c).toMatchObject({ delta: 0.32653061224489793, interpretation: 'small' });
    expect(output.score_delta?.c).toBeCloseTo(0.5714285714285716, 12);
    expect(output.score_practical?.c).toMatchObject({ pairs: 7, number_needed_to_treat: 6.999999999999997, nnt_infinite: false });
  });

  it('runs every baseline plugin by default and shows verdicts first', async () => {
    const io = createCompareIo(files);
    expect(await runCompare(['--baseline', 'a.jsonl', '--variant', 'b.jsonl'], io)).toBe(0);
    const text = io.out.join('');
    expect(text.split('\n').slice(0, 4)).toEqual(['Comparing b.jsonl against baseline a.jsonl', '', 'Verdicts:', expect.stringMatching(/^ {2}c: inconclusive \(mean difference 0\.571429/)]);
    for (const plugin of ['score_significance:', 'score_distribution:', 'score_flip_analysis:', 'row_count:']) expect(text).toContain(plugin);
  });

  it('reads run folders (batches in order, failures skipped, rows sorted by index) and filters criteria', async () => {
    const batch = (from: number, scores: number[]) =>
      jsonl([...scores.map((score, i) => ({ status: 'ok', index: from + i, id: `r${from + i}`, row: {}, metrics: { scores: { c: score, d: 1 } } })), { status: 'error', index: 99, id: 'x', row: {}, error: 'boom' }]);
    const io = createCompareIo({
      'out/run/base/batches/10.jsonl': batch(4, REFERENCE_BASELINE.slice(4)),
      'out/run/base/batches/2.jsonl': batch(0, REFERENCE_BASELINE.slice(0, 4)),
      'out/run/var/batches/0.jsonl': batch(0, REFERENCE_VARIANT),
    });
    expect(await runCompare(['--baseline', 'out/run/base', '--variant', 'out/run/var/', '--plugins', 'score_practical', '--criteria', 'c', '--json'], io)).toBe(0);
    const output = JSON.parse(io.out.join('')) as { score_practical: Record<string, { mean_difference: number }> };
    expect(Object.keys(output.score_practical)).toEqual(['c']);
    expect(output.score_practical.c?.mean_difference).toBeCloseTo(0.5714285714285714, 12);
  });

  it('reads blob prefixes through the injected store', async () => {
    const store = createMemoryBlobStore({
      'runs/r1/base/batches/0.jsonl': files['a.jsonl'],
      'runs/r1/var/batches/0.jsonl': files['b.jsonl'],
      'runs/r1/var/report.json': '{}',
    });
    const io = createCompareIo({}, store);
    expect(await runCompare(['--baseline', 'blob:runs/r1/base', '--variant', 'blob:runs/r1/var', '--plugins', 'row_count', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out.join(''))).toEqual({ row_count: { row_delta: 0 } });
  });

  it.each([
    ['missing --variant', ['--baseline', 'a.jsonl'], '--baseline and --variant are required'],
    ['an unknown flag', ['--baseline', 'a.jsonl', '--variant', 'b.jsonl', '--colour'], "unknown flag '--colour'."],
    ['a misspelt flag', ['--baseline', 'a.jsonl', '--variant', 'b.jsonl', '--critera', 'x'], "unknown flag '--critera'. Did you mean '--criteria'?"],
    ['an unknown plugin', ['--baseline', 'a.jsonl', '--variant', 'b.jsonl', '--plugins', 'score_signifcance'], 'score_significance'],
    ['a missing file', ['--baseline', 'nope.jsonl', '--variant', 'b.jsonl'], 'cannot read nope.jsonl'],
    ['a folder without batches', ['--baseline', 'empty', '--variant', 'b.jsonl'], 'neither a .jsonl file nor a run folder'],
    ['a bad JSON line', ['--baseline', 'bad.jsonl', '--variant', 'b.jsonl'], 'bad.jsonl line 2: not JSON'],
    ['a line without metrics', ['--baseline', 'nometrics.jsonl', '--variant', 'b.jsonl'], 'needs a "metrics" object'],
    ['no successful records', ['--baseline', 'failed.jsonl', '--variant', 'b.jsonl'], 'no successful records'],
    ['a blob source without storage', ['--baseline', 'blob:runs/x', '--variant', 'b.jsonl'], 'blob sources need storage'],
  ])('exits 2 with a clear message for %s', async (_label, argv, message) => {
    const io = createCompareIo({
      ...files,
      'bad.jsonl': `${JSON.stringify(scoreLines([1])[0])}\n{oops`,
      'nometrics.jsonl': JSON.stringify({ id: 1, row: {} }),
      'failed.jsonl': JSON.stringify({ status: 'error', id: 1, row: {}, error: 'x' }),
    });
    expect(await runCompare(argv, io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join('')).toContain(message);
  });
});
