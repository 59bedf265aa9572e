import { mockScore } from '../../../src/core/llm/mockScore';
import { promptHash, startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';
import { buildCompletion, modelBias } from '../../../src/local/mockLlm/completion';

let server: MockLlmServer;
afterEach(async () => server?.close());

async function serve(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  server = await startMockLlmServer({ seed: 5, now: () => Date.UTC(2026, 0, 1, 12, 0, 0), ...options });
  return server;
}

const chatBody = (user: string, extra: Record<string, unknown> = {}) => ({
  messages: [
    { role: 'system', content: 'S' },
    { role: 'user', content: user },
  ],
  ...extra,
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('mock LLM server routes', () => {
  it('answers /v1/chat/completions with the deterministic score and usage', async () => {
    await serve();
    const { status, text } = await post('/v1/chat/completions', chatBody('hello', { model: 'gpt-x' }));
    const content = JSON.stringify({ score: mockScore('S', 'hello', {}, 5), comment: 'Mock server response' });
    const promptTokens = Math.ceil('Shello'.length / 4);
    const completionTokens = Math.ceil(content.length / 4);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      id: 'chatcmpl-mock-0',
      object: 'chat.completion',
      created: Date.UTC(2026, 0, 1, 12, 0, 0) / 1000,
      model: 'gpt-x',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  });

  it('serves the Azure deployment route, reports the deployment as model and records the request', async () => {
    await serve();
    const { status, text } = await post('/openai/deployments/my%20dep/chat/completions?api-version=2024-10-21', chatBody('x'), { 'api-key': 'k' });
    expect(status).toBe(200);
    expect(JSON.parse(text).model).toBe('my dep');
    expect(server.lastRequest()).toMatchObject({
      method: 'POST',
      path: '/openai/deployments/my%20dep/chat/completions',
      query: { 'api-version': '2024-10-21' },
      deployment: 'my dep',
      body: chatBody('x'),
    });
    expect(server.lastRequest()?.headers['api-key']).toBe('k');
  });

  it('answers /healthz and 404s unknown routes', async () => {
    await serve();
    const health = await fetch(`${server.url}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await post('/v1/embeddings', {})).status).toBe(404);
    expect(server.stats().outcomes.not_found).toBe(1);
  });

  it.each([
    ['not JSON', '{"messages": ['],
    ['no messages', { model: 'm' }],
    ['empty messages', { messages: [] }],
    ['non-text content', { messages: [{ role: 'user', content: 5 }] }],
  ])('rejects a body with %s as 400', async (_label, body) => {
    await serve();
    const { status, text } = await post('/v1/chat/completions', body);
    expect(status).toBe(400);
    expect(JSON.parse(text).error.type).toBe('invalid_request_error');
  });

  it('accepts content given as text parts', async () => {
    await serve();
    const body = { messages: [{ role: 'user', content: [{ type: 'text', text: 'he' }, { type: 'text', text: 'llo' }] }] };
    const { text } = await post('/v1/chat/completions', body);
    const completion = JSON.parse(text) as { choices: { message: { content: string } }[] };
    expect((JSON.parse(completion.choices[0]!.message.content) as { score: number }).score).toBe(mockScore('', 'hello', {}, 5));
  });

  it.each([
    ['no key', {}, 401],
    ['wrong key', { 'api-key': 'nope' }, 401],
    ['api-key header', { 'api-key': 'right' }, 200],
    ['bearer', { authorization: 'Bearer right' }, 200],
  ])('with apiKey set: %s -> %i', async (_label, headers, status) => {
    await serve({ apiKey: 'right' });
    expect((await post('/v1/chat/completions', chatBody('x'), headers)).status).toBe(status);
  });

  it('filters prompts containing a configured term, case-insensitively', async () => {
    await serve({ contentFilterTerms: ['Top Secret'] });
    const { status, text } = await post('/v1/chat/completions', chatBody('this is TOP SECRET'));
    expect({ status, code: JSON.parse(text).error.code }).toEqual({ status: 400, code: 'content_filter' });
  });
});

describe('mock LLM server faults and quota', () => {
  it.each([
    ['rateLimitRate', { rateLimitRate: 1, retryAfterMs: 1500 }, 429, { 'retry-after': '2', 'retry-after-ms': '1500' }],
    ['serverErrorRate', { serverErrorRate: 1 }, 500, {}],
  ] as [string, MockLlmServerOptions, number, Record<string, string>][])('%s 1 -> %i', async (_label, options, status, expectedHeaders) => {
    await serve(options);
    const answer = await post('/v1/chat/completions', chatBody('x'));
    expect(answer.status).toBe(status);
    for (const [name, value] of Object.entries(expectedHeaders)) expect(answer.headers.get(name)).toBe(value);
  });

  it('malformedRate 1 answers 200 with a body that is not JSON', async () => {
    await serve({ malformedRate: 1 });
    const answer = await post('/v1/chat/completions', chatBody('x'));
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text) as unknown).toThrow(SyntaxError);
  });

  it('enforces requests per minute with x-ratelimit headers and a retry-after until the window ends', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 45);
    await serve({ requestsPerMinute: 2, now: () => now });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await post('/v1/chat/completions', chatBody(`p${i}`));
      statuses.push([answer.status, answer.headers.get('x-ratelimit-remaining-requests'), answer.headers.get('retry-after-ms')]);
    }
    now += 15_000;
    const nextWindow = await post('/v1/chat/completions', chatBody('p3'));
    expect(statuses).toEqual([
      [200, '1', null],
      [200, '0', null],
      [429, '0', '15000'],
    ]);
    expect(nextWindow.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(server.stats().outcomes).toMatchObject({ ok: 3, quota_exceeded: 1 });
  });

  it('enforces tokens per minute', async () => {
    await serve({ tokensPerMinute: 40 });
    const first = await post('/v1/chat/completions', chatBody('short'));
    const second = await post('/v1/chat/completions', chatBody('a prompt long enough to exceed the remaining token budget'));
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThan(0);
  });

  it('produces the same fault sequence for the same seed and a different one for another seed', async () => {
    const rates = { rateLimitRate: 0.2, serverErrorRate: 0.2, malformedRate: 0.2 };
    const sequence = async (seed: number) => {
      await serve({ seed, ...rates });
      const statuses: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const answer = await post('/v1/chat/completions', chatBody(`row ${i}`));
        statuses.push(answer.status === 200 && !answer.text.endsWith('}') ? 'malformed' : String(answer.status));
      }
      await server.close();
      return statuses;
    };
    const first = await sequence(99);
    const again = await sequence(99);
    const other = await sequence(100);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['200', '429', '500', 'malformed']));
  });

  it('holds hanging requests open, counts them in flight, and releases them on close', async () => {
    await serve({ hangRate: 1 });
    const pending = [1, 2, 3].map((i) => post('/v1/chat/completions', chatBody(`hang ${i}`)).then(() => 'answered', () => 'failed'));
    while (server.stats().outcomes.hang < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.stats()).toMatchObject({ inFlight: 3, maxInFlight: 3, totalRequests: 3 });
    await server.close();
    expect(await Promise.all(pending)).toEqual(['failed', 'failed', 'failed']);
  });

  it('counts requests per prompt hash, so a resent prompt is visible', async () => {
    await serve();
    await post('/v1/chat/completions', chatBody('same'));
    await post('/v1/chat/completions', chatBody('same'));
    await post('/v1/chat/completions', chatBody('other'));
    expect(server.stats().promptCounts).toEqual({ [promptHash('S', 'same')]: 2, [promptHash('S', 'other')]: 1 });
  });

  it('rejects invalid options', async () => {
    await expect(startMockLlmServer({ rateLimitRate: 0.6, serverErrorRate: 0.6 })).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
  });
});

describe('model bias convention', () => {
  it.each([
    ['mock', 0],
    ['mock+0.05', 0.05],
    ['mock-0.1', -0.1],
    ['mock+.2', 0.2],
    ['gpt-4o-mini', 0],
    ['mock+abc', 0],
  ])('%s shifts scores by %s', (model, bias) => {
    expect(modelBias(model)).toBe(bias);
  });

  it('shifts the hash score and clamps it', () => {
    const scoreFor = (model: string) => {
      const body = buildCompletion({ id: '1', model, prompts: { system: 's', user: 'u', model }, seed: 1, createdInSeconds: 0 }).body as { choices: { message: { content: string } }[] };
      return (JSON.parse(body.choices[0]!.message.content) as { score: number }).score;
    };
    const [plain, shifted, clamped] = [scoreFor('mock'), scoreFor('mock+0.05'), scoreFor('mock+5')];
    expect(plain).toBe(mockScore('s', 'u', {}, 1));
    expect(shifted).toBeCloseTo(mockScore('s', 'u', { model: 'mock+0.05' }, 1) + 0.05, 10);
    expect(clamped).toBe(1);
  });
});
