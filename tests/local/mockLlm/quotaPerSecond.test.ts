import { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';

let server: MockLlmServer | undefined;
afterEach(async () => server?.close());

/** 250 ms into a second, so the retry-after until the next window is exact. */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0) + 250;

async function serve(options: MockLlmServerOptions, clock: { now: number }): Promise<MockLlmServer> {
  server = await startMockLlmServer({ now: () => clock.now, ...options });
  return server;
}

async function chat(user: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${server!.url}/openai/deployments/gpt/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: user }], ...extra }),
  });
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  const header = (name: string) => response.headers.get(name);
  return {
    status: response.status,
    remaining: header('x-ratelimit-remaining-requests'),
    remainingTokens: header('x-ratelimit-remaining-tokens'),
    retryAfterMs: header('retry-after-ms'),
    retryAfter: header('retry-after'),
    code: body.error?.code,
  };
}

describe('mock LLM per-second quota (Azure-style)', () => {
  it('admits requestsPerSecond per second, refuses the next with 429, retry-after-ms to the next second and remaining 0', async () => {
    const clock = { now: T0 };
    await serve({ requestsPerSecond: 2 }, clock);
    const answers = [await chat('a'), await chat('b'), await chat('c')];
    clock.now += 750;
    const nextSecond = await chat('d');
    expect(answers).toEqual([
      { status: 200, remaining: '1', remainingTokens: null, retryAfterMs: null, retryAfter: null, code: undefined },
      { status: 200, remaining: '0', remainingTokens: null, retryAfterMs: null, retryAfter: null, code: undefined },
      { status: 429, remaining: '0', remainingTokens: null, retryAfterMs: '750', retryAfter: '1', code: '429' },
    ]);
    expect(nextSecond).toMatchObject({ status: 200, remaining: '1' });
    expect(server!.stats().outcomes).toMatchObject({ ok: 3, quota_exceeded: 1 });
  });

  it('refuses on arrival, before the model runs: the refused request never waits for the latency', async () => {
    const clock = { now: T0 };
    await serve({ requestsPerSecond: 1, latencyMs: 60_000 }, clock);
    const first = fetch(`${server!.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'slow' }] }) });
    const refused = await chat('refused at once');
    expect(refused).toMatchObject({ status: 429, remaining: '0' });
    expect(server!.stats().inFlight).toBe(1);
    await server!.close();
    await first.catch(() => undefined);
  });

  it('counts prompt tokens plus max_tokens against tokensPerSecond, letting one large request through an empty window', async () => {
    const clock = { now: T0 };
    await serve({ tokensPerSecond: 100 }, clock);
    const large = await chat('x', { max_tokens: 500 });
    const refused = await chat('y', { max_tokens: 10 });
    clock.now += 1000;
    const fits = await chat('z', { max_tokens: 60 });
    expect([large.status, refused.status, fits.status]).toEqual([200, 429, 200]);
    expect([large.remainingTokens, refused.remainingTokens, fits.remainingTokens]).toEqual(['0', '0', '39']);
  });
});
