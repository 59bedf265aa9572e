import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { createMemoryIo } from '../cli/cliTestKit';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * README "Write your first suite", followed as written: its shell steps and settings build a
 * suite from an empty folder that validates and runs to a verdict on the mock, and both ways
 * of pointing it at Azure OpenAI validate (offline: validation calls no model).
 */
const ROOT = path.resolve(__dirname, '../..');
const section = (() => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return readme.slice(readme.indexOf('## Write your first suite'), readme.indexOf('\n## ', readme.indexOf('## Write your first suite') + 5));
})();
const blocks = (language: string) => [...section.matchAll(/```(\w*)\n([^]*?)```/g)].filter((match) => match[1] === language).map((match) => match[2]!);

let mock: MockLlmServer;
let dir: string;
beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 42 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elspeth-first-suite-'));
  // The guide runs from a clone of the repository: its commands name samples/ relative to it.
  fs.symlinkSync(path.join(ROOT, 'samples'), path.join(dir, 'samples'));
  const [folders, experiments] = blocks('bash');
  execFileSync('bash', ['-euc', `${folders}\n${experiments}`], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'my_suite', 'settings.yaml'), blocks('yaml')[0]!);
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const settingsWithLlm = (llmYaml: string) => blocks('yaml')[0]!.replace(/^ {2}llm: \{plugin: http_openai.*\n/m, llmYaml.endsWith('\n') ? llmYaml : `${llmYaml}\n`);

async function cli(args: string[], env: Record<string, string> = {}) {
  const io = createMemoryIo(dir, { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString(), ...env });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

it('builds a suite that validates and runs to a verdict and a recommendation', async () => {
  const suite = ['--settings', 'my_suite/settings.yaml', '--suite-root', 'my_suite'];
  expect(await cli(['validate', ...suite])).toMatchObject({ code: 0, out: expect.stringContaining('OK: my_suite (suite) with 3 experiment(s): baseline, clearer_prompt, larger_model') });
  const run = await cli(['run', ...suite, '--no-progress', '--out', 'out']);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/\nlarger_model +300 +0 +correct=improved\n/);
  expect(run.out).toContain('Recommendation: Ship larger_model: improved correct with no criterion degraded.');
}, 120_000);

it.each([
  ['a named connection', 1, { ELSPETH_CONNECTION__TRIAGE__ENDPOINT: 'https://example.openai.azure.com', ELSPETH_CONNECTION__TRIAGE__DEPLOYMENT: 'gpt-4o-mini', ELSPETH_CONNECTION__TRIAGE__API_VERSION: '2024-10-21' }],
  ['endpoint variables with Entra auth', 2, { AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com', TRIAGE_DEPLOYMENT: 'gpt-4o-mini' }],
])('points the suite at Azure OpenAI with %s', async (_label, block, env) => {
  fs.writeFileSync(path.join(dir, 'my_suite', 'azure.yaml'), settingsWithLlm(blocks('yaml')[block]!));
  // The larger model would be another deployment; here it keeps the profile's model.
  fs.writeFileSync(path.join(dir, 'my_suite', 'larger_model', 'config.json'), '{"name": "larger_model"}');
  const result = await cli(['validate', '--settings', 'my_suite/azure.yaml', '--suite-root', 'my_suite'], env);
  expect([result.code, result.err]).toEqual([0, '']);
  expect(fs.readFileSync(path.join(dir, 'my_suite', 'azure.yaml'), 'utf8')).toContain('plugin: azure_openai');
});
