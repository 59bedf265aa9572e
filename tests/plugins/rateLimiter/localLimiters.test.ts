import { AppError } from '../../../src/core/errors';
import { createLlmCaller } from '../../../src/core/llm/pipeline';
import type { LlmResponse } from '../../../src/core/llm/types';
import type { RateLimiter } from '../../../src/core/plugins/kinds';
import { createRegistry } from '../../../src/core/plugins/registry';
import { rateLimiterPlugins } from '../../../src/plugins/rateLimiter';
import { createTestDeps } from '../../fakes/pluginDeps';
import { createVirtualClock } from './virtualClock';

const registry = createRegistry(rateLimiterPlugins);

function setup(name: string, options: Record<string, unknown>) {
  const clock = createVirtualClock(0);
  const limiter = registry.create('rateLimiter', { name, options }, createTestDeps({ clock }));
  /** Starts `count` acquires at once and returns the virtual time each was admitted at. */
  const admitAll = (count: number, meta: (i: number) => Record<string, unknown> = () => ({})) =>
    clock.run(Promise.all(Array.from({ length: count }, (_, i) => limiter.acquire(meta(i)).then(() => clock.now()))));
  return { clock, limiter, admitAll };
}

const usage = (total: number): LlmResponse => ({ content: '', metrics: {}, usage: { prompt_tokens: total, completion_tokens: 0, total_tokens: total } });

describe('noop', () => {
  it('admits at once and reports no utilisation', async () => {
    const { limiter, admitAll } = setup('noop', {});
    expect(await admitAll(5)).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.utilization()).toBe(0);
  });
});

describe('fixed_window', () => {
  it('admits `requests` per window to many concurrent callers, the window starting at the first call', async () => {
    const { admitAll } = setup('fixed_window', { requests: 3, per_seconds: 1 });
    expect(await admitAll(10)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000, 3000]);
  });

  it('reports count/requests and resets when the window has passed', async () => {
    const { clock, limiter, admitAll } = setup('fixed_window', { requests: 4, per_seconds: 2 });
    await admitAll(3);
    expect(limiter.utilization()).toBe(0.75);
    await clock.run(clock.sleep(2000));
    expect(limiter.utilization()).toBe(0);
  });

  it.each([[{ requests: 0 }], [{ per_seconds: 0 }], [{ requests: 1.5 }]])('rejects %p', (options) => {
    expect(registry.check('rateLimiter', { name: 'fixed_window', options })).toHaveLength(1);
  });
});

describe('adaptive', () => {
  it('admits requests_per_minute in a sliding window', async () => {
    const { admitAll } = setup('adaptive', { requests_per_minute: 2 });
    expect(await admitAll(5)).toEqual([0, 0, 60000, 60000, 120000]);
  });

  it('accepts the `requests` alias and a custom interval', async () => {
    const { admitAll } = setup('adaptive', { requests: 1, interval_seconds: 5 });
    expect(await admitAll(3)).toEqual([0, 5000, 10000]);
  });

  it('reserves each estimate so concurrent callers cannot overspend the token budget', async () => {
    const { admitAll } = setup('adaptive', { requests_per_minute: 100, tokens_per_minute: 100 });
    expect(await admitAll(4, () => ({ estimated_tokens: 40 }))).toEqual([0, 0, 60000, 60000]);
  });

  it('replaces the estimate with the real count and reports the larger share as utilisation', async () => {
    const { limiter, clock } = setup('adaptive', { requests_per_minute: 10, tokens_per_minute: 100 });
    const meta = { estimated_tokens: 90 };
    await clock.run(limiter.acquire(meta));
    expect(limiter.utilization()).toBe(0.9);
    limiter.updateUsage(usage(30), meta);
    expect(limiter.utilization()).toBe(0.3);
  });

  it('admits one call whose estimate alone is above the token limit, so nothing blocks forever', async () => {
    const { admitAll } = setup('adaptive', { tokens_per_minute: 10 });
    expect(await admitAll(2, () => ({ estimated_tokens: 50 }))).toEqual([0, 60000]);
  });

  it('pauses every caller for the retry-after of a 429', async () => {
    const { limiter, clock, admitAll } = setup('adaptive', { requests_per_minute: 100 });
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429, retry_after_ms: 7000 } }), {});
    limiter.onError!(new AppError('LLM_SERVER_ERROR', 'oops', { details: { http_status: 500 } }), {});
    expect(clock.now()).toBe(0);
    expect(await admitAll(2)).toEqual([7000, 7000]);
  });

  it('gets its token estimate from the pipeline', async () => {
    const seen: Record<string, unknown>[] = [];
    const limiter: RateLimiter = { acquire: (meta) => (seen.push(meta), Promise.resolve(() => undefined)), utilization: () => 0, updateUsage: () => undefined };
    const call = createLlmCaller({
      experiment: 'e',
      client: { name: 'c', generate: () => Promise.resolve(usage(1)) },
      middlewares: [],
      rateLimiter: limiter,
      validators: [],
      policy: { maxAttempts: 1, initialDelayInMs: 0, backoffMultiplier: 1, maxDelayInMs: 0, jitter: 0 },
      clock: createVirtualClock(),
      random: () => 0,
    });
    await call({ systemPrompt: 'abcd', userPrompt: 'efghij', metadata: { row_id: 1, attempt: 9 }, requestId: 'r' }, {});
    expect(seen).toEqual([{ experiment: 'e', estimated_tokens: 3, row_id: 1, attempt: 1 }]);
  });
});
