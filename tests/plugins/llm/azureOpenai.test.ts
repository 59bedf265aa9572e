import type { AppError } from '../../../src/core/errors';
import type { LlmRequest } from '../../../src/core/llm/types';
import { createRegistry } from '../../../src/core/plugins/registry';
import { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';
import { COGNITIVE_SERVICES_SCOPE, createAzureOpenaiPlugin, type TokenProviderFactory } from '../../../src/plugins/llm/azureOpenai';
import { createTestDeps } from '../../fakes/pluginDeps';

const KEY = 'azure-key-0123456789abcdef';
const call: LlmRequest = { systemPrompt: 'sys', userPrompt: 'Grade APP-002.', metadata: { row_id: 'APP-002' }, requestId: 'r2' };

let server: MockLlmServer;
afterEach(async () => server?.close());

async function serve(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  server = await startMockLlmServer({ seed: 3, ...options });
  return server;
}

function fakeTokens(token = 'fake-entra-token'): TokenProviderFactory & jest.Mock {
  return jest.fn((_scope: string) => () => Promise.resolve(token));
}

function create(options: Record<string, unknown>, env: Record<string, string> = {}, factory = fakeTokens()) {
  const registry = createRegistry([createAzureOpenaiPlugin({ createTokenProvider: factory })]);
  return registry.create('llm', { name: 'azure_openai', options }, createTestDeps({ fetch, env }));
}

const keyConfig = () => ({ azure_endpoint: server.url, api_version: '2024-10-21', api_key_env: 'AOAI_KEY' });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}

describe('azure_openai against the mock server', () => {
  it('posts to the deployment path with the api-version and the api-key header', async () => {
    await serve();
    const factory = fakeTokens();
    const llm = create({ config: { ...keyConfig(), temperature: 0.1, max_tokens: 50 }, deployment: 'gpt4o-eval' }, { AOAI_KEY: KEY }, factory);
    const response = await llm.generate({ ...call, maxTokens: 256 });
    const recorded = server.lastRequest();
    expect({ path: recorded?.path, query: recorded?.query, apiKey: recorded?.headers['api-key'], auth: recorded?.headers.authorization }).toEqual({
      path: '/openai/deployments/gpt4o-eval/chat/completions',
      query: { 'api-version': '2024-10-21' },
      apiKey: KEY,
      auth: undefined,
    });
    expect(recorded?.body).toMatchObject({ temperature: 0.1, max_tokens: 256 });
    expect(response.raw).toMatchObject({ model: 'gpt4o-eval', finish_reason: 'stop' });
    expect(response.metadata).toEqual({ row_id: 'APP-002' });
    expect(factory).not.toHaveBeenCalled();
  });

  it('uses an Entra ID bearer token when no key is configured', async () => {
    await serve();
    const factory = fakeTokens('token-from-fake-credential');
    const llm = create({ config: { azure_endpoint: server.url, api_version: '2024-10-21' }, deployment: 'd1' }, {}, factory);
    await llm.generate(call);
    expect(factory.mock.calls).toEqual([[COGNITIVE_SERVICES_SCOPE]]);
    expect(server.lastRequest()?.headers.authorization).toBe('Bearer token-from-fake-credential');
    expect(server.lastRequest()?.headers['api-key']).toBeUndefined();
  });

  it('uses Entra ID when auth is entra even though a key is configured', async () => {
    await serve();
    const llm = create({ config: keyConfig(), deployment: 'd1', auth: 'entra' }, { AOAI_KEY: KEY });
    await llm.generate(call);
    expect(server.lastRequest()?.headers.authorization).toBe('Bearer fake-entra-token');
  });

  it('turns a credential failure into LLM_CONNECTION_FAILED', async () => {
    await serve();
    const broken: TokenProviderFactory = () => () => Promise.reject(new Error('no managed identity endpoint'));
    const llm = create({ config: { azure_endpoint: server.url, api_version: 'v' }, deployment: 'd1' }, {}, jest.fn(broken));
    const error = await failure(llm.generate(call));
    expect(error.toErrorInfo()).toEqual({
      code: 'LLM_CONNECTION_FAILED',
      message: 'azure_openai: could not get a Microsoft Entra ID token: no managed identity endpoint',
      retryable: true,
      details: { provider: 'azure_openai', auth: 'entra' },
    });
    expect(server.stats().totalRequests).toBe(0);
  });

  it.each([
    ['rate limit', { rateLimitRate: 1, retryAfterMs: 1200 }, 'LLM_RATE_LIMITED', { http_status: 429, retry_after_ms: 1200 }],
    ['server error', { serverErrorRate: 1 }, 'LLM_SERVER_ERROR', { http_status: 500 }],
    ['malformed body', { malformedRate: 1 }, 'LLM_BAD_RESPONSE', {}],
    ['content filter', { contentFilterTerms: ['APP-002'] }, 'LLM_REQUEST_REJECTED', { http_status: 400, provider_code: 'content_filter' }],
    ['wrong key', { apiKey: 'another-key' }, 'LLM_REQUEST_REJECTED', { http_status: 401 }],
  ] as [string, MockLlmServerOptions, string, Record<string, unknown>][])('%s -> %s', async (_label, options, code, details) => {
    await serve(options);
    const error = await failure(create({ config: keyConfig(), deployment: 'd1' }, { AOAI_KEY: KEY }).generate(call));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ provider: 'azure_openai', ...details });
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(KEY);
  });

  it('gives LLM_TIMEOUT when the deployment hangs past the timeout', async () => {
    await serve({ hangRate: 1 });
    const error = await failure(create({ config: keyConfig(), deployment: 'd1', timeout: 0.2 }, { AOAI_KEY: KEY }).generate(call));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'LLM_TIMEOUT', retryable: true });
  });
});
