import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { breakMiniSuite, createMemoryIo, createTempCwd, listTree, SAMPLE_SUITE } from './cliTestKit';

let cwd: string;
let cleanup: () => void;
beforeEach(() => ({ cwd, cleanup } = createTempCwd()));
afterEach(() => cleanup());

describe('elspeth validate', () => {
  it('accepts the sample suite: exit 0 and one OK line naming every experiment and the baseline', async () => {
    const io = createMemoryIo(cwd);
    const code = await main(['validate', '--settings', path.join(SAMPLE_SUITE, 'settings.yaml'), '--suite-root', SAMPLE_SUITE], io);

    expect(code).toBe(0);
    expect(io.out()).toBe(
      'OK: sample_suite (suite) with 7 experiment(s): baseline, early_stop_fast_exit, early_stop_threshold, prompt_shield_demo, slow_rate_limit_demo, variant_prompt, variant_rate_limit; baseline baseline; 3 row(s)\n',
    );
    expect(io.err()).toBe('');
  });

  it('resolves relative paths against the working directory', async () => {
    const io = createMemoryIo(cwd);
    const code = await main(['validate', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], io);
    expect([code, io.out(), io.err()]).toEqual([0, 'OK: mini_suite (suite) with 2 experiment(s): baseline, variant_b; baseline baseline; 10 row(s)\n', '']);
  });

  it('validates the profile alone with --single-run', async () => {
    const io = createMemoryIo(cwd);
    const code = await main(['validate', '--settings', 'mini_suite/settings.yaml', '--single-run'], io);
    expect([code, io.out()]).toEqual([0, 'OK: default (single) with 1 experiment(s): default; baseline default; 10 row(s)\n']);
  });

  it('lists every problem with file, key path and the available names, and exits 2', async () => {
    const settingsFile = breakMiniSuite(cwd);
    const io = createMemoryIo(cwd);
    const code = await main(['validate', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], io);

    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      [
        `${settingsFile}: default.sinks[0].options.colour: unknown option 'colour'. Allowed options: include_metrics, include_retry, on_error, overwrite, path, sanitize_formulas.`,
        `${settingsFile}: default.llm.plugin: Unknown llm plugin 'mokc'. Available: azure_openai, http_openai, mock. Did you mean 'mock'?`,
        `${settingsFile}: default.suite_defaults.prompt_pack: Unknown prompt pack 'samplee'. Available: <none>.`,
        '',
        '3 problem(s) found.',
        '',
      ].join('\n'),
    );
  });

  it('names an unknown top-level key with the allowed keys and a did-you-mean', async () => {
    const settingsFile = path.join(cwd, 'mini_suite', 'settings.yaml');
    fs.appendFileSync(settingsFile, '  row_plugin: []\n');
    const io = createMemoryIo(cwd);
    const code = await main(['validate', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], io);

    expect(code).toBe(2);
    expect(io.err()).toMatch(
      new RegExp(`^${escape(settingsFile)}: default\\.row_plugin: unknown key 'row_plugin'\\. Did you mean 'row_plugins'\\? Allowed keys: aggregator_plugins, .*, validation_plugins\\.\\n\\n1 problem\\(s\\) found\\.\\n$`),
    );
  });

  it.each([
    ['a missing settings file', ['--settings', 'nowhere.yaml'], (dir: string) => `${path.join(dir, 'nowhere.yaml')}: Settings file not found`],
    ['the default settings path when it does not exist', [], (dir: string) => `${path.join(dir, 'config', 'settings.yaml')}: Settings file not found`],
    [
      'an unknown profile',
      ['--settings', 'mini_suite/settings.yaml', '--profile', 'nightly'],
      (dir: string) => `${path.join(dir, 'mini_suite', 'settings.yaml')}: nightly: Unknown profile 'nightly'. Available: default.`,
    ],
    ['a missing suite root', ['--settings', 'mini_suite/settings.yaml', '--suite-root', 'no_suite'], (dir: string) => `${path.join(dir, 'no_suite')}: Suite root not found`],
  ])('reports %s and exits 2', async (_label, flags, firstLine) => {
    const io = createMemoryIo(cwd);
    const code = await main(['validate', ...flags], io);
    expect(code).toBe(2);
    expect(io.err().split('\n')[0]).toBe(firstLine(cwd));
  });

  it('writes nothing, even when the configuration is broken', async () => {
    breakMiniSuite(cwd);
    const before = listTree(cwd);
    await main(['validate', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], createMemoryIo(cwd));
    expect(listTree(cwd)).toEqual(before);
  });

  it.each([
    ['an unknown flag', ['--colour', 'red'], /^error: unknown flag '--colour'\./],
    ['a flag without its value', ['--settings'], /^error: Option '--settings <value>' argument missing/],
    ['a stray positional argument', ['mini_suite'], /^error: Unexpected argument 'mini_suite'/],
  ])('rejects %s with exit 2', async (_label, flags, message) => {
    const io = createMemoryIo(cwd);
    expect(await main(['validate', ...flags], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
