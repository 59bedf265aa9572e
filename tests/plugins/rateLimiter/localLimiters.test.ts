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
  it('spaces `requests` per `per_seconds` evenly among many concurrent callers, never bursting', async () => {
    const { admitAll } = setup('fixed_window', { requests: 4, per_seconds: 1 });
    expect(await admitAll(9)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('reports how far the schedule runs ahead, as a share of a second', async () => {
    const { clock, limiter } = setup('fixed_window', { requests: 4, per_seconds: 2 });
    expect(limiter.utilization()).toBe(0);
    await clock.run(Promise.all([limiter.acquire({}), limiter.acquire({})]));
    expect(limiter.utilization()).toBe(0.5);
    await clock.run(clock.sleep(2000));
    expect(limiter.utilization()).toBe(0);
  });

  it('pauses every caller until the time a 429 names', async () => {
    const { limiter, admitAll } = setup('fixed_window', { requests: 100, per_seconds: 1 });
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429, retry_after_ms: 300 } }), {});
    expect(await admitAll(3)).toEqual([300, 310, 320]);
  });

  it('backoff_on_429: false leaves the other callers alone', async () => {
    const { limiter, admitAll } = setup('fixed_window', { requests: 100, per_seconds: 1, backoff_on_429: false });
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429, retry_after_ms: 300 } }), {});
    expect(await admitAll(2)).toEqual([0, 10]);
  });

  it.each([[{ requests: 0 }], [{ per_seconds: 0 }], [{ requests: 1.5 }]])('rejects %p', (options) => {
    expect(registry.check('rateLimiter', { name: 'fixed_window', options })).toHaveLength(1);
  });
});

describe('adaptive', () => {
  it('paces requests_per_minute evenly instead of letting the minute leave at once', async () => {
    const { admitAll } = setup('adaptive', { requests_per_minute: 6000 });
    expect(await admitAll(5)).toEqual([0, 10, 20, 30, 40]);
  });

  it('accepts the `requests` alias and a custom interval', async () => {
    const { admitAll } = setup('adaptive', { requests: 1, interval_seconds: 5 });
    expect(await admitAll(3)).toEqual([0, 5000, 10000]);
  });

  it('paces tokens by each estimate, so concurrent callers cannot overspend the token budget', async () => {
    const { admitAll } = setup('adaptive', { requests_per_minute: 6000, tokens_per_minute: 6000 });
    // 100 tokens a second: each 40-token call moves the token schedule on by 400 ms.
    expect(await admitAll(4, () => ({ estimated_tokens: 40 }))).toEqual([0, 400, 800, 1200]);
  });

  it('corrects the token schedule with the real usage', async () => {
    const { limiter, clock } = setup('adaptive', { requests_per_minute: 6000, tokens_per_minute: 6000 });
    const first = { estimated_tokens: 90 };
    await clock.run(limiter.acquire(first));
    limiter.updateUsage(usage(10), first);
    // 10 tokens used, not 90: the next call is due after 100 ms, not 900.
    await clock.run(limiter.acquire({ estimated_tokens: 5 }));
    expect(clock.now()).toBe(100);
  });

  it('admits one call whose estimate alone is above the token budget, then makes the next wait for it', async () => {
    const { admitAll } = setup('adaptive', { tokens_per_minute: 600 });
    expect(await admitAll(2, () => ({ estimated_tokens: 50 }))).toEqual([0, 5000]);
  });

  it('pauses every caller for the retry-after of a 429, and only for 429s', async () => {
    const { limiter, clock, admitAll } = setup('adaptive', { requests_per_minute: 6000 });
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429, retry_after_ms: 7000 } }), {});
    limiter.onError!(new AppError('LLM_SERVER_ERROR', 'oops', { details: { http_status: 500 } }), {});
    expect(clock.now()).toBe(0);
    expect(await admitAll(2)).toEqual([7000, 7010]);
  });

  it('a 429 without retry-after pauses for default_retry_after_seconds', async () => {
    const { limiter, admitAll } = setup('adaptive', { requests_per_minute: 6000, default_retry_after_seconds: 2 });
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429 } }), {});
    expect(await admitAll(1)).toEqual([2000]);
  });

  it('holds callers while x-ratelimit-remaining says the quota is spent, until an answer in flight says otherwise', async () => {
    const { limiter, clock } = setup('adaptive', { requests_per_minute: 60000 });
    const first = {};
    const releaseFirst = await clock.run(limiter.acquire(first));
    const second = {};
    await clock.run(limiter.acquire(second));
    limiter.updateUsage({ ...usage(1), headers: { 'x-ratelimit-remaining-requests': '0' } }, first);
    releaseFirst();
    let admitted: number | undefined;
    const third = limiter.acquire({}).then(() => (admitted = clock.now()));
    await clock.run(clock.sleep(5000));
    expect(admitted).toBeUndefined();
    const answeredAt = clock.now();
    limiter.updateUsage({ ...usage(1), headers: { 'x-ratelimit-remaining-requests': '40' } }, second);
    await clock.run(third);
    expect(admitted).toBe(answeredAt);
  });

  it('with nothing in flight lets one call through to learn the wait, or waits for x-ratelimit-reset-requests', async () => {
    const probing = setup('adaptive', { requests_per_minute: 60000 });
    const meta = {};
    const release = await probing.clock.run(probing.limiter.acquire(meta));
    probing.limiter.updateUsage({ ...usage(1), headers: { 'x-ratelimit-remaining-requests': '0' } }, meta);
    release();
    expect(await probing.admitAll(1)).toEqual([1]);

    const resetting = setup('adaptive', { requests_per_minute: 60000 });
    const other = {};
    await resetting.clock.run(resetting.limiter.acquire(other));
    resetting.limiter.updateUsage({ ...usage(1), headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' } }, other);
    expect(await resetting.admitAll(1)).toEqual([1500]);
  });

  it('learns remaining counts from a 429 as well', async () => {
    const { limiter, clock } = setup('adaptive', { requests_per_minute: 60000 });
    const meta = {};
    await clock.run(limiter.acquire(meta));
    limiter.onError!(new AppError('LLM_RATE_LIMITED', 'slow down', { details: { http_status: 429, retry_after_ms: 100, remaining_requests: 0, reset_requests_ms: 900 } }), meta);
    await clock.run(limiter.acquire({}));
    expect(clock.now()).toBe(900);
  });

  it('gives up a wait when its caller aborts, without holding back the others', async () => {
    const { limiter, clock } = setup('adaptive', { requests_per_minute: 60 });
    await clock.run(limiter.acquire({}));
    const controller = new AbortController();
    const aborted = limiter.acquire({}, controller.signal).then(() => 'admitted', () => 'aborted');
    controller.abort(new Error('stop'));
    expect(await aborted).toBe('aborted');
    await clock.run(limiter.acquire({}));
    expect(clock.now()).toBe(1000);
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
