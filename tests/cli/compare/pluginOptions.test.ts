import { runCompare } from '../../../src/cli/commands/compare';
import { readPluginOptions } from '../../../src/cli/compare/pluginOptions';
import { REFERENCE_BASELINE, REFERENCE_VARIANT } from '../../fixtures/analytics/records';
import { createCompareIo, jsonl, scoreLines } from './fakes';

const files = {
  'a.jsonl': jsonl(scoreLines(REFERENCE_BASELINE)),
  'b.jsonl': jsonl(scoreLines(REFERENCE_VARIANT)),
  'options.json': JSON.stringify({ score_practical: { threshold: 2, success_threshold: 5 } }),
};
const base = ['--baseline', 'a.jsonl', '--variant', 'b.jsonl', '--json'];

async function compareJson(...extra: string[]): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  const io = createCompareIo(files);
  expect(await runCompare([...base, ...extra], io)).toBe(0);
  expect(io.err).toEqual([]);
  return JSON.parse(io.out.join('')) as Record<string, Record<string, Record<string, unknown>>>;
}

describe('elspeth compare --options', () => {
  it('passes inline JSON options to the named plugin', async () => {
    const output = await compareJson('--plugins', 'score_distribution', '--options', '{"score_distribution": {"compat": true}}');
    expect(output.score_distribution?.c?.method).toMatchObject({ js: expect.stringContaining('range including 0') });
  });

  it('reads @file options, and they override --criteria for that plugin only', async () => {
    const output = await compareJson('--plugins', 'score_practical,score_cliffs_delta', '--criteria', 'c', '--options', '@options.json');
    // threshold 2: no |difference| reaches it; success_threshold 5: B has 1 of 7, V 3 of 7.
    expect(output.score_practical?.c).toMatchObject({ meaningful_change_rate: 0, success_threshold: 5, baseline_success_rate: 1 / 7, variant_success_rate: 3 / 7 });
    expect(Object.keys(output.score_cliffs_delta ?? {})).toEqual(['c']);
  });

  it.each([
    ['not JSON', '{oops', '--options is not JSON'],
    ['not an object of objects', '{"score_practical": 3}', 'must be a JSON object of {"<plugin>": {<option>: <value>}}'],
    ['a plugin that does not run', '{"score_bayes": {}}', 'names plugins that do not run: score_bayes (running: score_practical)'],
    ['an unknown option', '{"score_practical": {"treshold": 1}}', "Invalid options for baseline comparison plugin 'score_practical'"],
    ['a missing file', '@nope.json', '--options: cannot read nope.json'],
  ])('exits 2 before reading records for %s', async (_label, flag, message) => {
    const io = createCompareIo(files);
    expect(await runCompare(['--baseline', 'missing.jsonl', '--variant', 'b.jsonl', '--plugins', 'score_practical', '--options', flag], io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join('')).toContain(message);
  });

  it('returns {} without the flag', async () => {
    expect(await readPluginOptions(undefined, ['score_bayes'], createCompareIo({}))).toEqual({});
  });
});
