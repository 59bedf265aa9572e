import { AppError } from '../../../src/core/errors';
import { createLlmCaller, type LlmCallerOptions, type ResponseCache } from '../../../src/core/llm/pipeline';
import { createSharedCacheLayer, sharedCacheKey, type CacheScope } from '../../../src/core/llm/sharedCache';
import type { LlmClient, LlmRequest, LlmResponse } from '../../../src/core/llm/types';
import type { ResponseValidator } from '../../../src/core/plugins/kinds';
import { cacheMiddlewaresOf, createBlobCacheStore } from '../../../src/orchestration/runtime/sharedCacheStore';
import { FixedPriceOptionsSchema, createFixedPriceTracker } from '../../../src/plugins/costTracker/fixedPrice';
import { createMemoryBlobStore } from '../../fakes/memoryBlobStore';
import { createFakeClock, createMemoryLogger } from '../../fakes/pluginDeps';

const identity = { provider: 'azure_openai', endpoint: 'https://contoso.openai.azure.com', model: 'gpt-4o', apiVersion: '2024-10-21' };
const scope: CacheScope = { identity, middlewares: [] };
const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  systemPrompt: 'Score it.',
  userPrompt: 'Row 1',
  metadata: { row_id: 1, attempt: 1 },
  requestId: 'run-a/baseline/0/default',
  temperature: 0,
  ...overrides,
});
const prices = FixedPriceOptionsSchema.parse({ prompt_token_price: 0.001, completion_token_price: 0.002 });
const answer = (content: string): LlmResponse => ({ content, metrics: {}, usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, raw: { model: 'gpt-4o' } });

describe('sharedCacheKey', () => {
  it('is the same for identical requests from any run, row position or attempt', () => {
    const key = sharedCacheKey(scope, request());
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(sharedCacheKey(scope, request({ requestId: 'run-b/variant/9/default', metadata: { row_id: 7, attempt: 3 } }))).toBe(key);
  });

  it.each([
    ['another endpoint', { identity: { ...identity, endpoint: 'https://other.openai.azure.com' } }, {}],
    ['another deployment', { identity: { ...identity, model: 'gpt-4o-mini' } }, {}],
    ['another api version', { identity: { ...identity, apiVersion: '2025-01-01' } }, {}],
    ['another middleware', { middlewares: [{ name: 'prompt_shield', options: { mode: 'mask' } }] }, {}],
    ['another system prompt', {}, { systemPrompt: 'Score it kindly.' }],
    ['another user prompt', {}, { userPrompt: 'Row 2' }],
    ['another max_tokens', {}, { maxTokens: 64 }],
  ] as [string, Partial<CacheScope>, Partial<LlmRequest>][])('differs for %s', (_label, scopeChange, requestChange) => {
    expect(sharedCacheKey({ ...scope, ...scopeChange }, request(requestChange))).not.toBe(sharedCacheKey(scope, request()));
  });

  it('is undefined for sampled answers: temperature above 0, or unset (the service default of 1)', () => {
    expect(sharedCacheKey(scope, request({ temperature: 0.7 }))).toBeUndefined();
    const { temperature: _unset, ...noTemperature } = request();
    expect(sharedCacheKey(scope, noTemperature)).toBeUndefined();
    const zeroByDefault = { ...scope, identity: { ...identity, temperature: 0 } };
    expect(sharedCacheKey(zeroByDefault, noTemperature)).toBe(sharedCacheKey(zeroByDefault, request()));
    expect(sharedCacheKey({ ...scope, identity: { ...identity, deterministic: true } }, request({ temperature: 1 }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('includes call metadata only for clients whose answers read it (the offline mock)', () => {
    const mock: CacheScope = { identity: { provider: 'mock', model: 'mock', deterministic: true, readsMetadata: true }, middlewares: [] };
    expect(sharedCacheKey(mock, request({ metadata: { row_id: 1 } }))).not.toBe(sharedCacheKey(mock, request({ metadata: { row_id: 2 } })));
    expect(sharedCacheKey(scope, request({ metadata: { row_id: 1 } }))).toBe(sharedCacheKey(scope, request({ metadata: { row_id: 2 } })));
  });

  it('never depends on a secret in middleware options: the key stays when the secret changes', () => {
    const withKey = (key: string): CacheScope => ({ identity, middlewares: cacheMiddlewaresOf([{ name: 'azure_content_safety', options: { endpoint: 'https://cs.example', api_key: key } }]) });
    expect(withKey('sk-one').middlewares).toEqual([{ name: 'azure_content_safety', options: { endpoint: 'https://cs.example', api_key: '***' } }]);
    expect(sharedCacheKey(withKey('sk-one'), request())).toBe(sharedCacheKey(withKey('sk-two'), request()));
  });
});

function harness(options: { validators?: ResponseValidator[]; checkpoint?: ResponseCache; ttlInMs?: number; blobs?: ReturnType<typeof createMemoryBlobStore> } = {}) {
  const blobs = options.blobs ?? createMemoryBlobStore();
  const clock = createFakeClock();
  const calls: LlmRequest[] = [];
  const client: LlmClient = { name: 'fake', identity, generate: async (sent) => (calls.push(sent), answer(`answer to ${sent.userPrompt}`)) };
  const costTracker = createFixedPriceTracker(prices, { logger: createMemoryLogger() });
  const layer = createSharedCacheLayer({
    store: createBlobCacheStore(blobs, { clock, logger: createMemoryLogger(), ttlInMs: options.ttlInMs ?? 60_000 }),
    middlewares: [],
    savings: createFixedPriceTracker(prices, { logger: createMemoryLogger() }),
  });
  const callerOptions: LlmCallerOptions = {
    experiment: 'baseline',
    client,
    middlewares: [],
    costTracker,
    validators: options.validators ?? [],
    policy: { maxAttempts: 2, initialDelayInMs: 0, backoffMultiplier: 1, maxDelayInMs: 0, jitter: 0 },
    clock,
    random: () => 0,
    sharedCache: layer,
    ...(options.checkpoint ? { cache: options.checkpoint } : {}),
  };
  return { blobs, clock, calls, costTracker, layer, call: createLlmCaller(callerOptions) };
}

describe('shared cache layer in the LLM pipeline', () => {
  it('answers a second identical request from storage: no model call, marked cached, no cost, saving counted', async () => {
    const first = harness();
    const paid = await first.call(request(), {});
    await first.layer.flush();
    expect(first.calls).toHaveLength(1);
    expect(first.costTracker.summary()).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_cost: 0.02 });
    expect(await first.blobs.list('cache/')).toEqual([`cache/${sharedCacheKey(scope, request())!}.json`]);

    const second = harness({ blobs: first.blobs });
    const cached = await second.call(request({ requestId: 'run-b/baseline/0/default' }), {});
    expect(second.calls).toHaveLength(0);
    expect(cached).toEqual({ content: paid.content, metrics: { cached: true }, usage: paid.usage, raw: paid.raw, metadata: { row_id: 1, attempt: 1 } });
    expect(second.costTracker.summary()).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_cost: 0 });
    expect(second.layer.summary()).toEqual({ cache_hits: 1, cache_saved_cost: 0.02 });
  });

  it('asks the model for sampled requests and never stores them', async () => {
    const { call, calls, layer, blobs } = harness();
    await call(request({ temperature: 0.9 }), {});
    await call(request({ temperature: 0.9 }), {});
    await layer.flush();
    expect(calls).toHaveLength(2);
    expect(await blobs.list('cache/')).toEqual([]);
  });

  it('runs validators on a cached answer and asks the model when they reject it', async () => {
    const first = harness();
    await first.call(request(), {});
    await first.layer.flush();
    await first.blobs.put(`cache/${sharedCacheKey(scope, request())!}.json`, JSON.stringify({ format: 'elspeth-llm-cache/1', stored_at: first.clock.now(), answer: { content: 'not json' } }));
    const strict: ResponseValidator = {
      name: 'json',
      validate: (response) => {
        if (response.content === 'not json') throw new AppError('VALIDATION_FAILED', 'not JSON');
      },
    };
    const second = harness({ blobs: first.blobs, validators: [strict] });
    const fresh = await second.call(request(), {});
    expect(second.calls).toHaveLength(1);
    expect(fresh.content).toBe('answer to Row 1');
    expect(second.layer.summary()).toEqual({ cache_hits: 0, cache_saved_cost: 0 });
  });

  it.each([
    ['expired', (now: number) => JSON.stringify({ format: 'elspeth-llm-cache/1', stored_at: now - 60_001, answer: { content: 'old' } })],
    ['malformed', () => '{"format": "elspeth-llm-cache/1", "stored_at": "yesterday"'],
    ['another format', (now: number) => JSON.stringify({ format: 'elspeth-llm-cache/9', stored_at: now, answer: { content: 'x' } })],
    ['hostile', (now: number) => JSON.stringify({ format: 'elspeth-llm-cache/1', stored_at: now, answer: { content: 5, __proto__: { polluted: true } } })],
  ])('treats an %s entry as a miss and replaces it', async (_label, body) => {
    const { call, calls, blobs, clock, layer } = harness();
    const name = `cache/${sharedCacheKey(scope, request())!}.json`;
    await blobs.put(name, body(clock.now()));
    const response = await call(request(), {});
    await layer.flush();
    expect(calls).toHaveLength(1);
    expect(response.metrics.cached).toBeUndefined();
    expect(JSON.parse((await blobs.get(name))!.toString())).toMatchObject({ answer: { content: 'answer to Row 1' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores nothing for failed calls', async () => {
    const blobs = createMemoryBlobStore();
    const clock = createFakeClock();
    const layer = createSharedCacheLayer({ store: createBlobCacheStore(blobs, { clock, logger: createMemoryLogger(), ttlInMs: 1000 }), middlewares: [] });
    const failing: LlmClient = { name: 'down', identity, generate: () => Promise.reject(new AppError('LLM_REQUEST_REJECTED', 'no')) };
    const call = createLlmCaller({ experiment: 'e', client: failing, middlewares: [], validators: [], policy: { maxAttempts: 1, initialDelayInMs: 0, backoffMultiplier: 1, maxDelayInMs: 0, jitter: 0 }, clock, random: () => 0, sharedCache: layer });
    await expect(call(request(), {})).rejects.toMatchObject({ code: 'LLM_REQUEST_REJECTED' });
    await layer.flush();
    expect(await blobs.list('cache/')).toEqual([]);
    expect(layer.summary()).toEqual({ cache_hits: 0 });
  });

  it('on resume, a checkpointed cache answer counts as a cache hit again (no cost), a paid one costs again', async () => {
    const seed = harness();
    await seed.call(request(), {});
    await seed.layer.flush();
    const answers = new Map<string, LlmResponse>();
    const checkpoint: ResponseCache = { get: (key) => answers.get(key), put: (key, response) => void answers.set(key, response) };
    const first = harness({ blobs: seed.blobs, checkpoint });
    await first.call(request(), {});
    await first.call(request({ userPrompt: 'Row 2', requestId: 'r/2' }), {});
    expect(first.calls).toHaveLength(1);
    const resumed = harness({ blobs: seed.blobs, checkpoint });
    await resumed.call(request(), {});
    await resumed.call(request({ userPrompt: 'Row 2', requestId: 'r/2' }), {});
    expect(resumed.calls).toHaveLength(0);
    expect(resumed.costTracker.summary()).toEqual(first.costTracker.summary());
    expect(resumed.layer.summary()).toEqual(first.layer.summary());
  });
});

describe('routed calls (judges registered by row plugins)', () => {
  it('are keyed by the judge model that answers them, skip validators, and pass their own deployment limiter', async () => {
    const blobs = createMemoryBlobStore();
    const clock = createFakeClock();
    const judgeIdentity = { provider: 'http_openai', endpoint: 'http://127.0.0.1:1/v1', model: 'judge' };
    const answered: string[] = [];
    const limited: string[] = [];
    const client = (name: string, id: typeof identity | typeof judgeIdentity): LlmClient => ({ name, identity: id, generate: async () => (answered.push(name), answer(`${name} says 1`)) });
    const rejectAll: ResponseValidator = { name: 'never', validate: () => { throw new AppError('VALIDATION_FAILED', 'no'); } };
    const build = () => {
      const layer = createSharedCacheLayer({ store: createBlobCacheStore(blobs, { clock, logger: createMemoryLogger(), ttlInMs: 60_000 }), middlewares: [] });
      const call = createLlmCaller({
        experiment: 'e',
        client: client('model', identity),
        routes: new Map([['judge', client('judge', judgeIdentity)]]),
        middlewares: [],
        validators: [rejectAll],
        policy: { maxAttempts: 1, initialDelayInMs: 0, backoffMultiplier: 1, maxDelayInMs: 0, jitter: 0 },
        clock,
        random: () => 0,
        sharedCache: layer,
        concurrencyFor: (which) => ({ acquire: async () => (limited.push(which.name), () => undefined), utilization: () => 0, updateUsage: () => undefined }),
      });
      return { layer, call };
    };
    const first = build();
    await first.call(request({ route: 'judge' }), {});
    await first.layer.flush();
    const second = build();
    const judged = await second.call(request({ route: 'judge' }), {});
    expect(answered).toEqual(['judge']);
    expect(limited).toEqual(['judge']);
    expect(judged).toMatchObject({ content: 'judge says 1', metrics: { cached: true } });
    expect(await blobs.list('cache/')).toEqual([`cache/${sharedCacheKey({ identity: judgeIdentity, middlewares: [] }, request())!}.json`]);
  });
});
