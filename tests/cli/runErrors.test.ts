import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { startLocalServices } from '../../src/local/localServices';
import { withEmbeddedMock } from '../../src/cli/embeddedMock';
import { breakMiniSuite, createMemoryIo, createTempCwd, listTree } from './cliTestKit';

/**
 * `elspeth run` on bad input must stop before it starts anything: these recorders replace
 * the embedded Azurite/storage start-up and the mock LLM server, so a call is visible.
 */
jest.mock('../../src/local/localServices', () => ({
  ...jest.requireActual<object>('../../src/local/localServices'),
  startLocalServices: jest.fn(() => Promise.reject(new Error('startLocalServices must not be called on bad input'))),
}));
jest.mock('../../src/cli/embeddedMock', () => ({
  ...jest.requireActual<object>('../../src/cli/embeddedMock'),
  withEmbeddedMock: jest.fn(() => Promise.reject(new Error('withEmbeddedMock must not be called on bad input'))),
}));

let cwd: string;
let cleanup: () => void;
beforeEach(() => {
  ({ cwd, cleanup } = createTempCwd());
  jest.mocked(startLocalServices).mockClear();
  jest.mocked(withEmbeddedMock).mockClear();
});
afterEach(() => cleanup());

function expectNothingStartedOrWritten(before: string[]): void {
  expect(listTree(cwd)).toEqual(before);
  expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  expect(fs.existsSync(path.join(cwd, '.elspeth'))).toBe(false);
  expect(startLocalServices).not.toHaveBeenCalled();
  expect(withEmbeddedMock).not.toHaveBeenCalled();
}

describe('elspeth run with a broken configuration', () => {
  it('exits 2, lists every problem, and runs and writes nothing', async () => {
    const settingsFile = breakMiniSuite(cwd);
    const before = listTree(cwd);
    const io = createMemoryIo(cwd);
    const code = await main(['run', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], io);

    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      [
        `${settingsFile}: default.sinks[0].options.colour: unknown option 'colour'. Allowed options: include_metrics, include_retry, on_error, overwrite, path, sanitize_formulas.`,
        `${settingsFile}: default.llm.plugin: Unknown llm plugin 'mokc'. Available: azure_openai, http_openai, mock. Did you mean 'mock'?`,
        `${settingsFile}: default.suite_defaults.prompt_pack: Unknown prompt pack 'samplee'. Available: <none>.`,
        '',
        '3 problem(s); nothing was run or written.',
        '',
      ].join('\n'),
    );
    expectNothingStartedOrWritten(before);
  });

  it.each([
    ['a missing settings file', ['--settings', 'nowhere.yaml'], (dir: string) => `${path.join(dir, 'nowhere.yaml')}: Settings file not found`],
    [
      'an unknown profile',
      ['--settings', 'mini_suite/settings.yaml', '--profile', 'nightly'],
      (dir: string) => `${path.join(dir, 'mini_suite', 'settings.yaml')}: nightly: Unknown profile 'nightly'. Available: default.`,
    ],
    [
      'an unknown experiment',
      ['--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite', '--experiments', 'variant_c'],
      (dir: string) => `${path.join(dir, 'mini_suite')}: experiments: Unknown experiment 'variant_c'. Available: baseline, variant_b. Did you mean 'variant_b'?`,
    ],
  ])('exits 2 for %s, writing nothing', async (_label, flags, firstLine) => {
    const before = listTree(cwd);
    const io = createMemoryIo(cwd);
    expect(await main(['run', ...flags], io)).toBe(2);
    expect(io.err().split('\n')[0]).toBe(firstLine(cwd));
    expectNothingStartedOrWritten(before);
  });
});

describe('elspeth run with bad flags', () => {
  it.each([
    ['an unknown flag', ['--colour', 'red'], /^error: unknown flag '--colour'\./],
    ['a flag without its value', ['--max-rows'], /^error: Option '--max-rows <value>' argument missing/],
    ['a positional argument', ['mini_suite'], /^error: Unexpected argument 'mini_suite'/],
    ['--max-rows 0', ['--max-rows', '0'], /^error: --max-rows must be an integer >= 1, got '0'\n$/],
    ['--max-rows that is not a number', ['--max-rows', 'ten'], /^error: --max-rows must be an integer >= 1, got 'ten'\n$/],
    ['--head -1', ['--head=-1'], /^error: --head must be an integer >= 0, got '-1'\n$/],
    ['--activities 0', ['--activities', '0'], /^error: --activities must be an integer >= 1, got '0'\n$/],
    ['an unknown --storage', ['--storage', 'cloud'], /^error: --storage must be 'disk' or 'memory'\n$/],
    ['an unknown --log-level', ['--log-level', 'loud'], /^error: --log-level must be one of debug, info, warn, error\n$/],
  ])('exits 2 for %s, writing nothing', async (_label, flags, message) => {
    const before = listTree(cwd);
    const io = createMemoryIo(cwd);
    expect(await main(['run', '--settings', 'mini_suite/settings.yaml', ...flags], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
    expectNothingStartedOrWritten(before);
  });

  it('prints its usage for --help and exits 0 without running', async () => {
    const before = listTree(cwd);
    const io = createMemoryIo(cwd);
    expect(await main(['run', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: elspeth run --settings FILE \[options\]\n/);
    expectNothingStartedOrWritten(before);
  });
});
