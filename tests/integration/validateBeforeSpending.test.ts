import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { createMemoryIo, listTree } from '../cli/cliTestKit';
import { buildSuite, defaultProfile, VALID_CSV, type BuiltSuite, type SuiteSpec } from '../support/suiteBuilder';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * Issue 7 §2: each of these configurations used to pass `elspeth validate` and fail only
 * after every model call was paid for. Now `validate` and `run` both refuse them up front:
 * exit 2, every problem with file and key path, zero model calls, nothing written.
 */
let mock: MockLlmServer;
let suite: BuiltSuite | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 42 });
});
afterAll(() => mock.close());
afterEach(() => suite?.cleanup());

const profile = (changes: Record<string, unknown>) => ({ profile: { ...defaultProfile(), ...changes } });
const csvSink = (options: Record<string, unknown>) => ({ sinks: [{ plugin: 'csv', options }] });
const prompts = (user: string) => ({ prompts: { system: 'You rate support tickets.', user } });
const settingsAt = 'suite/settings.yaml';

type Case = [label: string, spec: SuiteSpec, expected: (suite: BuiltSuite) => string[], env?: Record<string, string>];

const cases: Case[] = [
  ['an absolute sink path', profile(csvSink({ path: '/tmp/results.csv' })), () => [`${settingsAt}: default.sinks[0].options.path: must be a relative path, not an absolute one: '/tmp/results.csv'`]],
  ['a sink path climbing out with ..', profile(csvSink({ path: '../results.csv' })), () => [`${settingsAt}: default.sinks[0].options.path: must not contain '..': '../results.csv'`]],
  ['a sink path with a NUL', profile(csvSink({ path: 'results\u0000.csv' })), () => [`${settingsAt}: default.sinks[0].options.path: must not contain a NUL character: 'results\u0000.csv'`]],
  [
    "a sink path on the run's own records",
    profile(csvSink({ path: 'batches/00000.jsonl' })),
    () => [`${settingsAt}: default.sinks[0].options.path: must not start with 'batches': the run keeps its own files there (batches, aggregates.json, comparison.json): 'batches/00000.jsonl'`],
  ],
  [
    'a missing dataset',
    profile({ datasource: { plugin: 'local_csv', options: { path: 'data/missing.csv' } } }),
    (s) => [`${settingsAt}: default.datasource: File not found: data/missing.csv (looked in ${path.join(s.root, 'data', 'missing.csv')})`],
  ],
  [
    'a dataset outside the suite: /proc/self/environ',
    profile({ datasource: { plugin: 'local_csv', options: { path: '/proc/self/environ' } } }),
    () => [`${settingsAt}: default.datasource: path: input path '/proc/self/environ' must be relative to the suite folder; absolute paths are refused`],
  ],
  [
    'a dataset outside the suite: ../',
    profile({ datasource: { plugin: 'local_csv', options: { path: '../rows.csv' } } }),
    () => [`${settingsAt}: default.datasource: path: input path '../rows.csv' must not leave the suite folder with '..'`],
  ],
  [
    'an unreadable dataset (a folder)',
    profile({ datasource: { plugin: 'local_csv', options: { path: 'data' } } }),
    (s) => [`${settingsAt}: default.datasource: ${path.join(s.root, 'data')}: EISDIR: illegal operation on a directory, read`],
  ],
  [
    'an unclosed quote in the dataset',
    { data: { 'rows.csv': `${VALID_CSV}4,"Broken,body\n5,Fine,ok\n` } },
    (s) => [`${settingsAt}: default.datasource: ${path.join(s.root, 'data', 'rows.csv')}: line 5: quoted field is never closed`],
  ],
  [
    'a row with the wrong field count',
    { data: { 'rows.csv': `${VALID_CSV}4,Extra,body,surplus\n` } },
    (s) => [`${settingsAt}: default.datasource: ${path.join(s.root, 'data', 'rows.csv')}: line 5: expected 3 fields, saw 4`],
  ],
  [
    'a dataset that is not UTF-8',
    { data: { 'rows.csv': Buffer.concat([Buffer.from(VALID_CSV), Buffer.from([0x34, 0x2c, 0xe9, 0x2c, 0x78, 0x0a])]) } },
    (s) => [`${settingsAt}: default.datasource: ${path.join(s.root, 'data', 'rows.csv')}: line 5: byte 0xe9 at offset ${Buffer.byteLength(VALID_CSV) + 2}: the file is not valid utf-8 text`],
  ],
  [
    'a template field that is not a column',
    profile(prompts('Ticket {{ id }}: {{ subjet }}.')),
    () =>
      ['baseline', 'variant'].map(
        (name) => `suite/${name}/config.json: prompt_template: unknown field 'subjet'; did you mean 'subject'? Available dataset columns: id, subject, body (experiment '${name}').`,
      ),
  ],
  [
    'an api_key_env naming an unset variable',
    profile({ llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', api_key_env: 'ELSPETH_TEST_UNSET_KEY', model: 'mock' } } }),
    () => [
      `${settingsAt}: default.llm.options.api_key_env: environment variable 'ELSPETH_TEST_UNSET_KEY' (api_key_env) is not set`,
      `${settingsAt}: default.llm: http_openai: environment variable 'ELSPETH_TEST_UNSET_KEY' (api_key_env) is not set`,
    ],
  ],
  [
    'an api_key_env naming an empty variable',
    profile({ llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', api_key_env: 'ELSPETH_TEST_EMPTY_KEY', model: 'mock' } } }),
    () => [
      `${settingsAt}: default.llm.options.api_key_env: environment variable 'ELSPETH_TEST_EMPTY_KEY' (api_key_env) is empty`,
      `${settingsAt}: default.llm: http_openai: environment variable 'ELSPETH_TEST_EMPTY_KEY' (api_key_env) is not set`,
    ],
    { ELSPETH_TEST_EMPTY_KEY: '' },
  ],
  [
    'an azure_openai without an endpoint',
    profile({ llm: { plugin: 'azure_openai', options: { config: { api_version: '2024-06-01', deployment: 'gpt-4o', api_key_env: 'ELSPETH_TEST_KEY' } } } }),
    () => [`${settingsAt}: default.llm: AzureOpenAIClient missing required config value 'azure_endpoint'`],
    { ELSPETH_TEST_KEY: 'k' },
  ],
  [
    "an experiment named after the run's own files",
    { experiments: { baseline: { name: 'baseline', is_baseline: true }, plan: { name: 'plan.json' } } },
    () => ["suite/plan/config.json: name: Experiment name 'plan.json' is used by the run's own files (plan.json, request.json, input, suite); choose another"],
  ],
  [
    'two experiment names that differ only in case',
    { experiments: { a: { name: 'baseline', is_baseline: true }, b: { name: 'BaseLine' } } },
    () => ["suite/b/config.json: name: Experiment name 'BaseLine' differs from 'baseline' only in case (their folders would collide)"],
  ],
  [
    'settings nested 5,000 deep',
    { settingsText: `default: ${'['.repeat(5000)}${']'.repeat(5000)}\n` },
    () => ['suite/settings.yaml: Invalid YAML: nesting is deeper than this parser can follow (the limit is 64 levels)'],
  ],
  [
    'a settings file over the size limit',
    { settingsText: `# ${'x'.repeat(1024 * 1024)}\n${stringify({ default: defaultProfile() })}` },
    () => ['suite/settings.yaml: cannot read file: the file is larger than 1048576 bytes, the limit for configuration files'],
  ],
];

function problemLines(stderr: string, dir: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(dir))
    .map((line) => line.slice(dir.length + 1));
}

describe('validate and run refuse, before any model call, what would fail later', () => {
  it.each(cases)('%s', async (_label, spec, expected, extraEnv = {}) => {
    suite = buildSuite(spec);
    const env = { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString(), ...extraEnv };
    const args = ['--settings', suite.settingsFile, '--suite-root', suite.root];
    const before = listTree(suite.dir);
    const calls = mock.stats().totalRequests;

    const validateIo = createMemoryIo(suite.dir, env);
    expect(await main(['validate', ...args], validateIo)).toBe(2);
    const lines = problemLines(validateIo.err(), suite.dir);
    expect(lines).toEqual(expected(suite));

    const runIo = createMemoryIo(suite.dir, env);
    expect(await main(['run', ...args, '--no-progress'], runIo)).toBe(2);
    expect(problemLines(runIo.err(), suite.dir)).toEqual(lines);
    expect(runIo.err()).toMatch(/problem\(s\); nothing was run or written\.\n$/);
    expect(mock.stats().totalRequests).toBe(calls);
    expect(listTree(suite.dir)).toEqual(before);
  });

  it('accepts the valid suite these cases break, and runs it', async () => {
    suite = buildSuite();
    const env = { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() };
    const io = createMemoryIo(suite.dir, env);
    expect(await main(['validate', '--settings', suite.settingsFile, '--suite-root', suite.root], io)).toBe(0);
    expect(io.out()).toBe('OK: suite (suite) with 2 experiment(s): baseline, variant; baseline baseline; 3 row(s)\n');
    const calls = mock.stats().totalRequests;
    const runIo = createMemoryIo(suite.dir, env);
    expect(await main(['run', '--settings', suite.settingsFile, '--suite-root', suite.root, '--no-progress', '--out', path.join(suite.dir, 'out')], runIo)).toBe(0);
    expect(mock.stats().totalRequests - calls).toBe(6);
    expect(fs.existsSync(path.join(suite.dir, 'out'))).toBe(true);
  });
});

describe('input files stay in the suite folder', () => {
  const env = () => ({ ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });

  it('refuses a prompt file that is a symbolic link out of the suite, and a dataset link', async () => {
    suite = buildSuite();
    fs.writeFileSync(path.join(suite.dir, 'secret.txt'), 'API_KEY=hunter2\n');
    fs.writeFileSync(path.join(suite.dir, 'secret.csv'), 'id,subject,body\n1,a,b\n');
    fs.symlinkSync(path.join(suite.dir, 'secret.txt'), path.join(suite.root, 'variant', 'user_prompt.md'));
    const args = ['validate', '--settings', suite.settingsFile, '--suite-root', suite.root];
    const io = createMemoryIo(suite.dir, env());
    expect(await main(args, io)).toBe(2);
    expect(problemLines(io.err(), suite.dir)).toEqual(['suite/variant/user_prompt.md: this file leads outside the suite folder through a symbolic link']);
    expect(io.err()).not.toContain('hunter2');

    fs.unlinkSync(path.join(suite.root, 'variant', 'user_prompt.md'));
    fs.unlinkSync(path.join(suite.root, 'data', 'rows.csv'));
    fs.symlinkSync(path.join(suite.dir, 'secret.csv'), path.join(suite.root, 'data', 'rows.csv'));
    const dataIo = createMemoryIo(suite.dir, env());
    expect(await main(args, dataIo)).toBe(2);
    expect(problemLines(dataIo.err(), suite.dir)).toEqual([`${settingsAt}: default.datasource: path: input path 'data/rows.csv' leads outside the suite folder through a symbolic link`]);
  });

  it('--input-root widens the folder explicitly: the original layout (data beside config/) runs, /proc does not', async () => {
    suite = buildSuite(profile({ datasource: { plugin: 'local_csv', options: { path: '../shared/rows.csv' } } }));
    fs.mkdirSync(path.join(suite.dir, 'shared'));
    fs.writeFileSync(path.join(suite.dir, 'shared', 'rows.csv'), VALID_CSV);
    const args = ['validate', '--settings', suite.settingsFile, '--suite-root', suite.root];
    const confined = createMemoryIo(suite.dir, env());
    expect(await main(args, confined)).toBe(2);
    const widened = createMemoryIo(suite.dir, env());
    expect(await main([...args, '--input-root', suite.dir], widened)).toBe(0);
    fs.writeFileSync(suite.settingsFile, fs.readFileSync(suite.settingsFile, 'utf8').replace('../shared/rows.csv', '/proc/self/environ'));
    const proc = createMemoryIo(suite.dir, env());
    expect(await main([...args, '--input-root', suite.dir], proc)).toBe(2);
    expect(problemLines(proc.err(), suite.dir)).toEqual([
      `${settingsAt}: default.datasource: path: input path '/proc/self/environ' leads outside the input root ${fs.realpathSync(suite.dir)} through a symbolic link`,
    ]);
  });
});
