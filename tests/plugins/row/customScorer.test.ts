import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputPolicyFor } from '../../../src/core/config/inputPolicy';
import { isAppError } from '../../../src/core/errors';
import type { RowPlugin } from '../../../src/core/plugins/kinds';
import { createCustomScorer, CustomScorerOptionsSchema } from '../../../src/plugins/row/customScorer';
import { rowContext } from '../../fakes/rowContext';

/** custom_scorer (issue 9 §3): the suite's own scorer, its hostile modules and hostile results. */
let dir: string;
let suite: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-scorer-'));
  suite = path.join(dir, 'suite');
  fs.mkdirSync(suite);
  fs.writeFileSync(path.join(suite, 'settings.yaml'), 'default: {}\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The suite folder's policy: inputs confined to it, as for every run. */
const deps = () => ({ baseDir: suite, inputs: inputPolicyFor({ settingsFile: path.join(suite, 'settings.yaml') }) });

function scorerFrom(source: string, options: Record<string, unknown> = {}, file = 'scorer.js'): RowPlugin {
  fs.mkdirSync(path.dirname(path.join(suite, file)), { recursive: true });
  fs.writeFileSync(path.join(suite, file), source);
  return createCustomScorer(CustomScorerOptionsSchema.parse({ module: file, ...options }), deps());
}

const run = (plugin: RowPlugin, answer = 'Billing', sourceRow: Record<string, unknown> = { text: 'Where is my invoice?', label: 'billing' }) =>
  Promise.resolve(plugin.processRow({ text: String(sourceRow.text) }, { default: { content: answer, metrics: {} } }, rowContext(sourceRow)));

function loadProblem(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'loaded';
}

describe('custom_scorer runs the suite scorer', () => {
  it('passes the prompt row, the answer and a context with the full dataset row; returns its scores', async () => {
    const plugin = scorerFrom('module.exports = (row, answer, context) => ({ exact: answer.toLowerCase() === context.sourceRow.label ? 1 : 0, prompt_chars: row.text.length, seen: context.experiment === "exp" && context.id === "0" });');
    expect(await run(plugin)).toEqual({ scores: { exact: 1, prompt_chars: 20, seen: 1 }, score_flags: { seen: true } });
  });

  it.each([
    ['a bare number, named by criterion', 'module.exports = () => 0.25;', { criterion: 'quality' }, { scores: { quality: 0.25 } }],
    ['exports.default', 'exports.default = () => 1;', {}, { scores: { custom: 1 } }],
    ['a named export', 'exports.score = async () => ({ a: 2 });', { export: 'score' }, { scores: { a: 2 } }],
    ['a declared kind', 'module.exports = () => ({ a: 1, b: 0 });', { kind: 'binary' }, { scores: { a: 1, b: 0 }, score_kinds: { a: 'binary', b: 'binary' } }],
  ])('%s', async (_label, source, options, expected) => {
    expect(await run(scorerFrom(source, options))).toEqual(expected);
  });

  it('gives the scorer copies: changing them does not change the record', async () => {
    const sourceRow = { text: 'hi', label: 'x' };
    const plugin = scorerFrom('module.exports = (row, answer, context) => { row.text = "changed"; context.sourceRow.label = "changed"; return 1; };');
    await run(plugin, 'a', sourceRow);
    expect(sourceRow).toEqual({ text: 'hi', label: 'x' });
  });
});

describe('a scorer that fails leaves the row with a flag, never a crash', () => {
  it.each([
    ['throws an Error', 'module.exports = () => { throw new Error("no label in " + "answer"); };', 'scorer_error', { error: 'no label in answer' }],
    ['throws a string', 'module.exports = () => { throw "plain string"; };', 'scorer_error', { error: 'plain string' }],
    ['throws a value that cannot be printed', 'module.exports = () => { throw Object.create(null); };', 'scorer_error', { error: 'the scorer threw a value that cannot be shown as text' }],
    ['rejects', 'module.exports = async () => { throw new TypeError("bad row"); };', 'scorer_error', { error: 'bad row' }],
    ['never settles', 'module.exports = () => new Promise(() => {});', 'scorer_timeout', { error: 'the scorer did not settle within 20 ms' }],
    ['returns a string', 'module.exports = () => "0.9";', 'invalid_result', { problem: 'the scorer returned a string ("0.9"), not a number or an object of numbers' }],
    ['returns null', 'module.exports = () => null;', 'invalid_result', { problem: 'the scorer returned null, not a number or an object of numbers' }],
    ['returns an array', 'module.exports = () => [1, 2];', 'invalid_result', { problem: 'the scorer returned an array, not a number or an object of numbers' }],
    ['returns an object whose getter throws', 'module.exports = () => ({ get a() { throw new Error("getter"); } });', 'scorer_error', { error: 'getter' }],
  ])('%s', async (_label, source, flag, details) => {
    const output = await run(scorerFrom(source, { timeout_ms: 20 }));
    expect(output).toEqual({ scores: { custom: NaN }, scoring_flags: { custom: flag }, custom_scorer: { custom: details } });
  });

  it('keeps numbers and flags the values that are not numbers', async () => {
    const output = await run(scorerFrom('module.exports = () => ({ ok: 0.5, text: "high", nan: NaN, inf: Infinity, nested: { x: 1 } });'));
    expect(output).toEqual({
      scores: { ok: 0.5, text: NaN, nan: NaN, inf: NaN, nested: NaN },
      scoring_flags: { text: 'not_a_number', nan: 'not_a_number', inf: 'not_a_number', nested: 'not_a_number' },
      custom_scorer: {
        text: { problem: "the scorer returned a string (\"high\") for 'text'" },
        nan: { problem: "the scorer returned NaN for 'nan'" },
        inf: { problem: "the scorer returned Infinity for 'inf'" },
        nested: { problem: "the scorer returned an object for 'nested'" },
      },
    });
  });

  it('refuses __proto__ and other Object.prototype names as criteria, without polluting anything', async () => {
    const plugin = scorerFrom('module.exports = () => Object.assign(JSON.parse(\'{"__proto__": {"polluted": 1}, "constructor": 2, "toString": 3}\'), { fine: 1 });');
    const output = await run(plugin);
    expect(output).toEqual({
      scores: { fine: 1, custom: NaN },
      scoring_flags: { custom: 'invalid_criterion_name' },
      custom_scorer: { custom: { refused: ['__proto__', 'constructor', 'toString'], problem: 'criterion names are letters, digits, _ . - (at most 100), and not names of Object.prototype' } },
    });
    expect(Object.getPrototypeOf(output.scores)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses more than 100 criteria', async () => {
    const output = await run(scorerFrom('module.exports = () => Object.fromEntries(Array.from({ length: 101 }, (_, i) => ["c" + i, i]));'));
    expect(output.scoring_flags).toEqual({ custom: 'invalid_result' });
  });
});

describe('the module must be a loadable scorer inside the suite folder', () => {
  const options = (module: string) => CustomScorerOptionsSchema.parse({ module });

  it('refuses a module outside the suite folder: .., absolute, or through a symbolic link', () => {
    fs.writeFileSync(path.join(dir, 'outside.js'), 'module.exports = () => 1;');
    fs.symlinkSync(path.join(dir, 'outside.js'), path.join(suite, 'link.js'));
    expect([
      loadProblem(() => createCustomScorer(options('../outside.js'), deps())),
      loadProblem(() => createCustomScorer(options(path.join(dir, 'outside.js')), deps())),
      loadProblem(() => createCustomScorer(options('link.js'), deps())),
    ]).toEqual([
      "CONFIG_INVALID: module: input path '../outside.js' must not leave the suite folder with '..'",
      `CONFIG_INVALID: module: input path '${path.join(dir, 'outside.js')}' must be relative to the suite folder; absolute paths are refused`,
      "CONFIG_INVALID: module: input path 'link.js' leads outside the suite folder through a symbolic link",
    ]);
  });

  it.each([
    ['missing', 'none.js', undefined, "CONFIG_INVALID: module: 'none.js' does not exist"],
    ['not CommonJS JavaScript', 'scorer.mjs', 'export default () => 1;', "CONFIG_INVALID: module: 'scorer.mjs' must be a CommonJS module ending in .js or .cjs"],
    ['throwing while loading', 'scorer.js', 'throw new Error("boom at load");', "CONFIG_INVALID: module: 'scorer.js' could not be loaded: boom at load"],
    ['exporting no function', 'scorer.cjs', 'module.exports = { score: 1 };', "CONFIG_INVALID: module: 'scorer.cjs' does not export a function (module.exports = (row, answer, context) => scores, or exports.default)"],
  ])('refuses a module %s', (_label, file, source, expected) => {
    if (source !== undefined) fs.writeFileSync(path.join(suite, file), source);
    expect(loadProblem(() => createCustomScorer(options(file), deps()))).toBe(expected);
  });

  it('refuses a criterion option that is not a plain name', () => {
    expect(CustomScorerOptionsSchema.safeParse({ module: 'a.js', criterion: '__proto__' }).success).toBe(false);
    expect(CustomScorerOptionsSchema.safeParse({ module: 'a.js', criterion: 'constructor' }).success).toBe(false);
  });
});
