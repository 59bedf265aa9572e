import { mockScore } from '../../../src/core/llm/mockScore';
import { startMockLlmServer, type MockLlmServer, type MockLlmServerOptions } from '../../../src/local/mockLlm';
import { createPromptFaults } from '../../../src/local/mockLlm/promptFaults';

let server: MockLlmServer;
afterEach(async () => server?.close());

const serve = async (options: MockLlmServerOptions = {}) => (server = await startMockLlmServer({ seed: 11, ...options }));

async function chat(model: string, user: string) {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: user }] }),
  });
  const text = await response.text();
  return { status: response.status, retryAfterMs: response.headers.get('retry-after-ms'), text };
}

const scoreOf = (text: string) => (JSON.parse((JSON.parse(text) as { choices: { message: { content: string } }[] }).choices[0]!.message.content) as { score: number }).score;

describe('fault directives in the model name', () => {
  it('replace the server rates for that model only', async () => {
    await serve({ serverErrorRate: 1 });
    expect((await chat('mock', 'x')).status).toBe(500);
    expect((await chat('mock;429=1;retry-after-ms=40', 'x')).retryAfterMs).toBe('40');
    expect((await chat('mock;429=0', 'x')).status).toBe(200);
    expect(server.stats().outcomes).toMatchObject({ server_error: 1, rate_limited: 1, ok: 1 });
  });

  it('report the base name and keep its bias, so faults do not change the answers', async () => {
    await serve();
    const plain = await chat('mock+0.04', 'row 1');
    const directed = await chat('mock+0.04;500=0', 'row 1');
    expect(JSON.parse(directed.text)).toMatchObject({ model: 'mock+0.04' });
    expect(scoreOf(directed.text)).toBe(scoreOf(plain.text));
    expect(scoreOf(plain.text)).toBeCloseTo(mockScore('S', 'row 1', { model: 'mock+0.04' }, 11) + 0.04, 10);
  });

  it('answer a bad directive with a 400 naming the problem', async () => {
    await serve();
    const answer = await chat('mock;503=0.1', 'x');
    expect({ status: answer.status, error: (JSON.parse(answer.text) as { error: unknown }).error }).toEqual({
      status: 400,
      error: { message: "Invalid mock model 'mock;503=0.1': unknown directive '503' (known: 429, 500, hang, malformed, retry-after-ms, accuracy, judge)", type: 'invalid_request_error', param: null, code: 'model_not_found' },
    });
  });

  it('give each prompt the same faults in any arrival order, retries included', async () => {
    const model = 'mock;429=0.3;500=0.2';
    const prompts = Array.from({ length: 30 }, (_, i) => `row ${i}`);
    const run = async (order: string[]) => {
      await serve();
      const seen: Record<string, number[]> = {};
      for (const user of [...order, ...order]) (seen[user] ??= []).push((await chat(model, user)).status);
      await server.close();
      return seen;
    };
    const forward = await run(prompts);
    const backward = await run([...prompts].reverse());
    expect(backward).toEqual(forward);
    expect(new Set(Object.values(forward).flat())).toEqual(new Set([200, 429, 500]));
  });
});

describe('per-prompt fault draws', () => {
  const rates = { rateLimitRate: 0.2, serverErrorRate: 0.05, hangRate: 0, malformedRate: 0 };

  it('hit each fault at close to its rate', () => {
    const faults = createPromptFaults(42);
    const counts: Record<string, number> = {};
    for (let n = 0; n < 20_000; n += 1) {
      const kind = faults.next('mock', 'S', `row ${n % 5000}`, rates) ?? 'ok';
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    const fractions = Object.fromEntries(Object.entries(counts).map(([kind, count]) => [kind, Math.round((count / 20_000) * 100) / 100]));
    expect(fractions).toEqual({ ok: 0.75, rate_limited: 0.2, server_error: 0.05 });
  });

  it('depend on the seed, the model and the sending', () => {
    const sequence = (seed: number, model: string) => {
      const faults = createPromptFaults(seed);
      return Array.from({ length: 200 }, (_, n) => faults.next(model, 'S', `row ${n % 50}`, rates) ?? 'ok');
    };
    expect(sequence(1, 'mock')).toEqual(sequence(1, 'mock'));
    expect(sequence(2, 'mock')).not.toEqual(sequence(1, 'mock'));
    expect(sequence(1, 'mock+0.04')).not.toEqual(sequence(1, 'mock'));
  });
});
