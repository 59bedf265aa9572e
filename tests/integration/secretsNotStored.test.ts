import fs from 'node:fs';
import path from 'node:path';
import { createBlobStore } from '../../src/azure/blobStore';
import { main } from '../../src/cli/main';
import { DEFAULT_CONTAINER } from '../../src/local/localServices';
import { startMockLlmServer, type MockLlmServer } from '../../src/local/mockLlm';
import { createMemoryIo } from '../cli/cliTestKit';
import { buildSuite, defaultProfile, type BuiltSuite } from '../support/suiteBuilder';
import { testStorageConnectionString } from '../support/testStorage';

/**
 * Issue 7 §4: literal secrets in a suite's files (an `api_key`, `azure_openai`'s
 * `config.api_key`, Content Safety's `key`) used to be written verbatim into `plan.json`,
 * in blob storage and in `out/`. Now no stored byte holds them, and the activities still
 * authenticate: the mock refuses calls without the right key, so every row succeeding
 * proves the secrets were put back where they are used.
 */
const MODEL_KEY = 'sk-literal-model-key-0123456789';
const SAFETY_KEY = 'cs-literal-safety-key-9876543210';

let mock: MockLlmServer;
let suite: BuiltSuite | undefined;
beforeAll(async () => {
  mock = await startMockLlmServer({ seed: 7, apiKey: MODEL_KEY, contentSafetyKey: SAFETY_KEY });
});
afterAll(() => mock.close());
afterEach(() => suite?.cleanup());

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

describe('literal secrets are never stored', () => {
  it('keeps every key out of plan.json (blob and out/) and every other stored file, and still authenticates', async () => {
    suite = buildSuite({
      profile: {
        ...defaultProfile(),
        llm: { plugin: 'http_openai', options: { api_base_env: 'ELSPETH_MOCK_LLM_URL', api_key: MODEL_KEY, model: 'mock', timeout: 5 } },
        llm_middlewares: [{ name: 'azure_content_safety', options: { endpoint_env: 'ELSPETH_MOCK_LLM_URL', key: SAFETY_KEY, on_violation: 'log' } }],
      },
      experiments: {
        baseline: { name: 'baseline', is_baseline: true },
        azure: {
          name: 'azure',
          llm: { plugin: 'azure_openai', options: { config: { azure_endpoint: mock.url, api_key: MODEL_KEY, api_version: '2024-06-01', deployment: 'mock' } } },
        },
      },
    });
    const out = path.join(suite.dir, 'out');
    const connectionString = testStorageConnectionString();
    const io = createMemoryIo(suite.dir, { ELSPETH_MOCK_LLM_URL: mock.url, ELSPETH_STORAGE_CONNECTION_STRING: connectionString });

    const code = await main(['run', '--settings', suite.settingsFile, '--suite-root', suite.root, '--no-progress', '--out', out], io);

    expect(io.err()).not.toMatch(/failed/);
    expect(code).toBe(0);
    expect(io.err()).toContain("a literal 'api_key' is set in configuration; use 'api_key_env' instead");
    const [runId] = fs.readdirSync(out);
    const blobs = await createBlobStore({ connectionString }, DEFAULT_CONTAINER, { createContainer: false });
    const stored = [...(await blobs.list(`runs/${runId!}/`)), ...(await blobs.list(`cache/${runId!}/`))];
    expect(stored).toContain(`runs/${runId!}/plan.json`);
    for (const name of stored) {
      const body = (await blobs.get(name))!.toString('utf8');
      expect([name, body.includes(MODEL_KEY) || body.includes(SAFETY_KEY)]).toEqual([name, false]);
    }
    for (const file of walk(out)) {
      const body = fs.readFileSync(file, 'utf8');
      expect([file, body.includes(MODEL_KEY) || body.includes(SAFETY_KEY)]).toEqual([file, false]);
    }
    const plan = JSON.parse(fs.readFileSync(path.join(out, runId!, 'plan.json'), 'utf8')) as { run: { experiments: { llm: { options: unknown }; llmMiddlewares: { options: unknown }[] }[] } };
    const [baseline, azure] = plan.run.experiments;
    expect(baseline!.llm.options).toMatchObject({ api_key: { $secret: { file: suite.settingsFile, path: 'default.llm.options.api_key' } } });
    expect(baseline!.llmMiddlewares[0]!.options).toMatchObject({ key: { $secret: { file: suite.settingsFile, path: 'default.llm_middlewares[0].options.key' } } });
    expect(azure!.llm.options).toMatchObject({ config: { api_key: { $secret: { file: path.join(suite.root, 'azure', 'config.json'), path: 'llm.options.config.api_key' } } } });
    expect(mock.stats().outcomes.unauthorized).toBe(0);
    expect(mock.stats().contentSafety.outcomes.unauthorized).toBe(0);
  });
});
