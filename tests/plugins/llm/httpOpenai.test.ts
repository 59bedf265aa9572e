import { AppError } from '../../../src/core/errors';
import { mockScore } from '../../../src/core/llm/mockScore';
import type { LlmClient, LlmRequest } from '../../../src/core/llm/types';
import { createRegistry } from '../../../src/core/plugins/registry';
import { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';
import { llmPlugins } from '../../../src/plugins/llm';
import { createNodeFetch } from '../../../src/http/nodeFetch';
import { createMemoryLogger, createTestDeps } from '../../fakes/pluginDeps';
import { thrownBy as thrown } from '../../fakes/thrownBy';


const registry = createRegistry(llmPlugins);
const SECRET = 'sk-test-secret-value-123';
const call: LlmRequest = { systemPrompt: 'You grade.', userPrompt: 'Grade APP-001.', metadata: { row_id: 'APP-001' }, requestId: 'r1' };

/** Every case runs over both transports: the platform fetch and the keep-alive node:http one. */
const TRANSPORTS: [string, typeof fetch][] = [
  ['global fetch', fetch],
  ['node:http fetch', createNodeFetch()],
];
let transport: typeof fetch = fetch;

let server: MockLlmServer;
afterEach(async () => server?.close());

async function serve(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  server = await startMockLlmServer({ seed: 7, ...options });
  return server;
}

function client(options: Record<string, unknown>, env: Record<string, string> = {}): LlmClient {
  return registry.create('llm', { name: 'http_openai', options: { api_base: server.url, ...options } }, createTestDeps({ fetch: transport, env }));
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the call to fail');
}

describe.each(TRANSPORTS)('over %s', (_name, chosen) => {
beforeAll(() => {
  transport = chosen;
});

describe('http_openai against the mock server', () => {
  it('returns content, usage, raw, headers and metadata', async () => {
    await serve({ requestsPerMinute: 100, tokensPerMinute: 10_000 });
    const response = await client({ api_key_env: 'KEY' }, { KEY: SECRET }).generate(call);
    const content = JSON.stringify({ score: mockScore('You grade.', 'Grade APP-001.', {}, 7), comment: 'Mock server response' });
    const promptTokens = Math.ceil('You grade.Grade APP-001.'.length / 4);
    const usage = { prompt_tokens: promptTokens, completion_tokens: Math.ceil(content.length / 4), total_tokens: promptTokens + Math.ceil(content.length / 4) };
    expect(response).toEqual({
      content,
      metrics: {},
      usage,
      raw: { id: 'chatcmpl-mock-0', model: 'gpt-4o-mini', finish_reason: 'stop', usage },
      headers: {
        'x-ratelimit-limit-requests': '100',
        'x-ratelimit-remaining-requests': '99',
        'x-ratelimit-limit-tokens': '10000',
        'x-ratelimit-remaining-tokens': String(10_000 - usage.total_tokens),
      },
      metadata: { row_id: 'APP-001' },
    });
  });

  it('posts to <api_base>/v1/chat/completions with the bearer key, model and option values', async () => {
    await serve();
    await client({ api_key_env: 'KEY', model: 'gpt-test', temperature: 0.2, max_tokens: 64 }, { KEY: SECRET }).generate(call);
    const recorded = server.lastRequest();
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(recorded?.body).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You grade.' },
        { role: 'user', content: 'Grade APP-001.' },
      ],
      temperature: 0.2,
      max_tokens: 64,
    });
  });

  it('sends per-experiment temperature and max_tokens over the options', async () => {
    await serve();
    await client({ temperature: 0.9, max_tokens: 64 }).generate({ ...call, temperature: 0, maxTokens: 256 });
    expect(server.lastRequest()?.body).toMatchObject({ temperature: 0, max_tokens: 256 });
  });

  it('sends no Authorization header when no key is configured', async () => {
    await serve();
    await client({}).generate(call);
    expect(server.lastRequest()?.headers.authorization).toBeUndefined();
  });

  it('accepts a literal api_key but warns without echoing it', async () => {
    await serve();
    const logger = createMemoryLogger();
    const deps = createTestDeps({ fetch: transport, logger });
    registry.create('llm', { name: 'http_openai', options: { api_base: server.url, api_key: SECRET } }, deps);
    expect(logger.entries).toEqual([
      { level: 'warn', message: "[http_openai] a literal 'api_key' is set in configuration; use 'api_key_env' instead", context: { plugin: 'http_openai', option: 'api_key' } },
    ]);
  });

  it('fails with CONFIG_INVALID when api_key_env names an unset variable', async () => {
    await serve();
    expect(thrown(() => client({ api_key_env: 'MISSING_KEY' }))).toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('http_openai failure mapping', () => {
  it.each([
    ['rate limit', { rateLimitRate: 1, retryAfterMs: 2500 }, 'LLM_RATE_LIMITED', true, { http_status: 429, retry_after_ms: 2500, provider_code: 'rate_limit_exceeded' }],
    ['server error', { serverErrorRate: 1 }, 'LLM_SERVER_ERROR', true, { http_status: 500 }],
    ['malformed body', { malformedRate: 1 }, 'LLM_BAD_RESPONSE', true, {}],
    ['content filter', { contentFilterTerms: ['app-001'] }, 'LLM_REQUEST_REJECTED', false, { http_status: 400, provider_code: 'content_filter' }],
    ['wrong key', { apiKey: 'the-right-key' }, 'LLM_REQUEST_REJECTED', false, { http_status: 401, provider_code: 'invalid_api_key' }],
    ['quota spent', { requestsPerMinute: 1, now: () => 30_000 }, 'LLM_RATE_LIMITED', true, { http_status: 429, retry_after_ms: 30_000, provider_code: '429', remaining_requests: 0 }],
  ] as [string, MockLlmServerOptions, string, boolean, Record<string, unknown>][])(
    '%s -> %s',
    async (_label, options, code, retryable, details) => {
      await serve(options);
      const llm = client({ api_key_env: 'KEY' }, { KEY: SECRET });
      if (options.requestsPerMinute) await llm.generate(call);
      const error = await failure(llm.generate(call));
      expect({ code: error.code, retryable: error.retryable, details: error.details }).toEqual({
        code,
        retryable,
        details: { provider: 'http_openai', ...details },
      });
      expect(error.message).not.toContain(SECRET);
      expect(JSON.stringify(error.toErrorInfo())).not.toContain(SECRET);
    },
  );

  it('gives LLM_TIMEOUT when the server hangs past the client timeout', async () => {
    await serve({ hangRate: 1 });
    const error = await failure(client({ timeout: 0.2 }).generate(call));
    expect(error.toErrorInfo()).toEqual({
      code: 'LLM_TIMEOUT',
      message: 'http_openai: no answer within 200 ms',
      retryable: true,
      details: { provider: 'http_openai', timeout_ms: 200, aborted_by_caller: false },
    });
    expect(server.stats().outcomes.hang).toBe(1);
  });

  it('gives LLM_TIMEOUT when the caller aborts a hanging call', async () => {
    await serve({ hangRate: 1 });
    const controller = new AbortController();
    const pending = client({}).generate(call, { abortSignal: controller.signal });
    controller.abort();
    expect((await failure(pending)).details).toEqual({ provider: 'http_openai', timeout_ms: 30_000, aborted_by_caller: true });
  });

  it('gives LLM_CONNECTION_FAILED when nothing listens', async () => {
    await serve();
    const llm = client({});
    await server.close();
    const error = await failure(llm.generate(call));
    expect({ code: error.code, retryable: error.retryable, cause_code: error.details?.cause_code }).toEqual({
      code: 'LLM_CONNECTION_FAILED',
      retryable: true,
      cause_code: 'ECONNREFUSED',
    });
  });

  it('makes exactly one attempt per call: SDK retries are off', async () => {
    await serve({ serverErrorRate: 1 });
    await failure(client({}).generate(call));
    expect(server.stats().totalRequests).toBe(1);
  });
});
});
