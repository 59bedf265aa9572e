import fs from 'node:fs';
import path from 'node:path';
import { executeLocally } from '../../src/cli/commands/run';
import { parseRunFlags } from '../../src/cli/commands/runFlags';
import { main } from '../../src/cli/main';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { loadRequestConfig } from '../../src/orchestration/resolveRequest';
import { createBuiltinRegistry } from '../../src/plugins';
import { buildSuite, defaultProfile, type BuiltSuite } from '../support/suiteBuilder';
import { testStorageConnectionString } from '../support/testStorage';
import { createMemoryIo } from './cliTestKit';

let mock: MockLlmServer;
let suite: BuiltSuite | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 42 });
});
afterAll(() => mock.close());
afterEach(() => suite?.cleanup());

const env = () => ({ ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: testStorageConnectionString() });

describe('a run that fails while it runs reads like an error', () => {
  it('prints the code and message (never the orchestration state), exits 2 for bad input, and calls no model', async () => {
    suite = buildSuite();
    const io = createMemoryIo(suite.dir, env());
    const registry = createBuiltinRegistry();
    const flags = parseRunFlags(['--settings', suite.settingsFile, '--suite-root', suite.root, '--no-progress'], suite.dir);
    const request = { ...flags.request, suite: 'suite', runId: `cli-fail-${Date.now()}` };
    const { run } = loadRequestConfig(request, registry);
    // The configuration breaks after it was checked (edited before the plan ran, or before a resume).
    fs.writeFileSync(suite.settingsFile, fs.readFileSync(suite.settingsFile, 'utf8').replace('plugin: http_openai', 'plugin: http_openaii'));
    const before = mock.stats().totalRequests;

    const code = await executeLocally({ request, run: run!, flags, io, registry, connectionString: testStorageConnectionString() });

    expect(code).toBe(2);
    expect(io.err()).toContain(`error: [CONFIG_INVALID] Configuration is invalid (1 problem):\n${suite.settingsFile}: default.llm.plugin: Unknown llm plugin 'http_openaii'.`);
    expect(io.err()).not.toMatch(/OutOfProcData|isDone|actionType/);
    expect(mock.stats().totalRequests).toBe(before);
  });

  it('names the first failed row of each experiment, with its code, and exits 1', async () => {
    const llm = { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', model: 'mock;500=1', timeout: 5 } };
    suite = buildSuite({ profile: { ...defaultProfile(), llm } });
    const io = createMemoryIo(suite.dir, env());
    const code = await main(['run', '--settings', suite.settingsFile, '--suite-root', suite.root, '--no-progress', '--out', path.join(suite.dir, 'out')], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/\nbaseline: 3 of 3 row\(s\) failed; first: row 1 \(index 0\) \[LLM_SERVER_ERROR\] .+\nvariant: 3 of 3 row\(s\) failed; first: row 1 \(index 0\) \[LLM_SERVER_ERROR\] /);
  });
});
