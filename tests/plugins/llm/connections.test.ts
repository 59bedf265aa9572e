import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { createRegistry } from '../../../src/core/plugins/registry';
import { startMockLlmServer, type MockLlmServer } from '../../../src/local/mockLlm';
import { createAzureOpenaiPlugin, type TokenProviderFactory } from '../../../src/plugins/llm/azureOpenai';
import { connectionKey, connectionProblems, definedConnectionKeys, resolveConnection } from '../../../src/plugins/llm/connections';
import { createMemoryIo, createTempCwd } from '../../cli/cliTestKit';
import { createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy } from '../../fakes/thrownBy';

const ENDPOINT = 'https://eval.openai.azure.com';
const EVAL = {
  ELSPETH_CONNECTION__EVAL_GPT4O__ENDPOINT: ENDPOINT,
  ELSPETH_CONNECTION__EVAL_GPT4O__DEPLOYMENT: 'gpt-4o',
  ELSPETH_CONNECTION__EVAL_GPT4O__API_VERSION: '2024-10-21',
};

describe('resolveConnection', () => {
  it.each([
    ['eval-gpt4o', 'EVAL_GPT4O'],
    ['eval.gpt4o', 'EVAL_GPT4O'],
    ['Judge_1', 'JUDGE_1'],
  ])('maps the name %s to the settings key %s', (name, key) => {
    expect(connectionKey(name)).toBe(key);
  });

  it('defaults to the managed identity', () => {
    expect(resolveConnection('eval-gpt4o', EVAL)).toEqual({ name: 'eval-gpt4o', endpoint: ENDPOINT, deployment: 'gpt-4o', apiVersion: '2024-10-21', auth: { kind: 'entra' } });
  });

  it('takes a key (on Azure a Key Vault reference the platform resolved) with AUTH=key', () => {
    const env = { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__AUTH: 'key', ELSPETH_CONNECTION__EVAL_GPT4O__API_KEY: 'k-123' };
    expect(resolveConnection('eval-gpt4o', env).auth).toEqual({ kind: 'key', apiKey: 'k-123' });
  });

  it.each([
    ['an unknown name, listing the defined ones', 'judge', EVAL, "unknown model connection 'judge': ELSPETH_CONNECTION__JUDGE__ENDPOINT is not set (defined: EVAL_GPT4O)"],
    ['a missing deployment', 'eval-gpt4o', { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__DEPLOYMENT: '' }, "model connection 'eval-gpt4o': ELSPETH_CONNECTION__EVAL_GPT4O__DEPLOYMENT is not set"],
    ['a key connection without its key', 'eval-gpt4o', { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__AUTH: 'key' }, "model connection 'eval-gpt4o': ELSPETH_CONNECTION__EVAL_GPT4O__API_KEY is not set"],
    ['an unknown AUTH', 'eval-gpt4o', { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__AUTH: 'password' }, "model connection 'eval-gpt4o': ELSPETH_CONNECTION__EVAL_GPT4O__AUTH must be 'managed-identity' or 'key'"],
    ['an endpoint that is not a URL', 'eval-gpt4o', { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__ENDPOINT: 'file:///etc/passwd' }, "model connection 'eval-gpt4o': ELSPETH_CONNECTION__EVAL_GPT4O__ENDPOINT must be an http(s) URL"],
    ['a name that is not a connection name', '__proto__/x', EVAL, "connection '__proto__/x' is not a valid connection name (letters, digits, _ . -)"],
  ])('refuses %s', (_label, name, env, message) => {
    expect(thrownBy(() => resolveConnection(name, env))).toMatchObject({ code: 'CONFIG_INVALID', message });
  });

  it('lists the defined connections by key', () => {
    expect(definedConnectionKeys({ ...EVAL, ELSPETH_CONNECTION__B__ENDPOINT: 'https://b', ELSPETH_CONNECTION__C__ENDPOINT: ' ' })).toEqual(['B', 'EVAL_GPT4O']);
  });

  it('finds every connection a resolved run names, nested ones included, and reports the undefined ones with their path', () => {
    const run = {
      experiments: [
        { name: 'baseline', llm: { name: 'azure_openai', options: { connection: 'eval-gpt4o' } } },
        { name: 'judged', llm: { name: 'mock', options: {} }, validationPlugins: [{ name: 'llm_guard', options: { llm: { plugin: 'azure_openai', options: { connection: 'judge' } } } }] },
      ],
    };
    expect(connectionProblems(run, EVAL)).toEqual([
      { path: 'experiments.1.validationPlugins.0.options.llm.options.connection', message: expect.stringContaining("unknown model connection 'judge'") },
    ]);
  });
});

describe('azure_openai with a connection', () => {
  let server: MockLlmServer | undefined;
  afterEach(async () => server?.close());
  const tokens: TokenProviderFactory = () => () => Promise.resolve('entra-token');
  const create = (options: Record<string, unknown>, env: Record<string, string>) =>
    createRegistry([createAzureOpenaiPlugin({ createTokenProvider: tokens })]).create('llm', { name: 'azure_openai', options }, createTestDeps({ fetch, env }));

  it('calls the endpoint and deployment the settings define, with the identity token', async () => {
    server = await startMockLlmServer({ seed: 3 });
    const env = { ...EVAL, ELSPETH_CONNECTION__EVAL_GPT4O__ENDPOINT: server.url };
    await create({ connection: 'eval-gpt4o' }, env).generate({ systemPrompt: 's', userPrompt: 'u', metadata: {}, requestId: 'r' });
    const recorded = server.lastRequest();
    expect({ path: recorded?.path, query: recorded?.query, auth: recorded?.headers.authorization }).toEqual({
      path: '/openai/deployments/gpt-4o/chat/completions',
      query: { 'api-version': '2024-10-21' },
      auth: 'Bearer entra-token',
    });
  });

  it.each([
    [{ connection: 'eval-gpt4o', config: { azure_endpoint: 'https://attacker.example' } }, 'config.azure_endpoint'],
    [{ connection: 'eval-gpt4o', config: { api_key_env: 'AzureWebJobsStorage' } }, 'config.api_key_env'],
    [{ connection: 'eval-gpt4o', deployment: 'other', auth: 'key' }, 'deployment, auth'],
  ])('refuses a suite that names a connection and also an endpoint, key or deployment: %j', (options, named) => {
    expect(thrownBy(() => create(options, EVAL))).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`'connection' replaces ${named}`) });
  });
});

describe('elspeth validate with connections', () => {
  let cwd: string;
  let cleanup: () => void;
  beforeEach(() => ({ cwd, cleanup } = createTempCwd()));
  afterEach(() => cleanup());

  const useConnection = (name: string) => {
    const file = path.join(cwd, 'mini_suite', 'settings.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('    plugin: mock\n    options:\n      seed: 7', `    plugin: azure_openai\n    options:\n      connection: ${name}`));
  };
  const validate = (env: Record<string, string> = {}) => {
    const io = createMemoryIo(cwd, env);
    return main(['validate', '--settings', 'mini_suite/settings.yaml', '--suite-root', 'mini_suite'], io).then((code) => ({ code, out: io.out(), err: io.err() }));
  };

  it('exits 2 naming a connection that no setting defines', async () => {
    useConnection('eval-gpt4o');
    const result = await validate();
    expect(result.code).toBe(2);
    expect(result.err).toContain("unknown model connection 'eval-gpt4o': ELSPETH_CONNECTION__EVAL_GPT4O__ENDPOINT is not set (defined: none)");
  });

  it('accepts it when environment variables define it', async () => {
    useConnection('eval-gpt4o');
    expect((await validate(EVAL)).code).toBe(0);
  });

  it('accepts it from .elspeth/connections.yaml, whose key stays in the environment', async () => {
    useConnection('eval-gpt4o');
    fs.mkdirSync(path.join(cwd, '.elspeth'));
    fs.writeFileSync(
      path.join(cwd, '.elspeth', 'connections.yaml'),
      'eval-gpt4o:\n  endpoint: https://eval.openai.azure.com\n  deployment: gpt-4o\n  api_version: 2024-10-21\n  auth: key\n  api_key_env: EVAL_KEY\n',
    );
    expect((await validate({ EVAL_KEY: 'k' })).code).toBe(0);
  });

  it('refuses a connections file with a key in it, naming the file and the key path', async () => {
    const file = path.join(cwd, 'connections.yaml');
    fs.writeFileSync(file, 'eval:\n  endpoint: https://e\n  deployment: d\n  api_version: v\n  api_key: sk-literal\n');
    const result = await validate({ ELSPETH_CONNECTIONS_FILE: 'connections.yaml' });
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}: eval: Unrecognized key: "api_key"`);
    expect(result.err).not.toContain('sk-literal');
  });
});
