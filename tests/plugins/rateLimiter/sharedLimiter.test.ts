import { AppError } from '../../../src/core/errors';
import type { LlmResponse } from '../../../src/core/llm/types';
import type { BlobStore } from '../../../src/core/ports';
import { SharedLimiterOptionsSchema, createSharedLimiter, keySegment, type SharedLimiter } from '../../../src/plugins/rateLimiter/shared';
import { createFakeClock, createMemoryLogger } from '../../fakes/pluginDeps';
import { createTestBlobStore } from '../../support/testStorage';
import { thrownBy } from '../../fakes/thrownBy';


const MINUTE = 60_000;
/** A fixed start in the middle of a window, so every expectation is exact. */
const START = Date.UTC(2026, 0, 1, 12, 0, 30);

function holders(blobs: BlobStore, options: Record<string, unknown>, count = 2) {
  const clock = createFakeClock(START);
  const config = SharedLimiterOptionsSchema.parse({ key: 'deployment-a', ...options });
  const limiters = Array.from({ length: count }, () => createSharedLimiter(config, { blobs, clock, logger: createMemoryLogger() }));
  const windowOf = () => Math.floor(clock.now() / ((config.window_seconds ?? 60) * 1000));
  return { clock, limiters, windowOf };
}

async function admittedWindow(limiter: SharedLimiter, windowOf: () => number, meta: Record<string, unknown> = {}): Promise<number> {
  await limiter.acquire(meta);
  return windowOf();
}

/**
 * Wraps the store to keep every chain entry that was written: the ledger's own record of
 * admissions, even after the limiter has cleaned old windows away.
 */
function recordingStore(inner: BlobStore): BlobStore & { admissionsPerWindow(): Map<number, number> } {
  const written: { window: number; requests: number }[] = [];
  return {
    ...inner,
    async put(name, body, options) {
      await inner.put(name, body, options);
      const match = /\/(\d+)\/\d+$/.exec(name);
      if (match) written.push({ window: Number(match[1]), requests: (JSON.parse(body.toString()) as { requests: number }).requests });
    },
    admissionsPerWindow() {
      const counts = new Map<number, number>();
      for (const { window, requests } of written) counts.set(window, Math.max(counts.get(window) ?? 0, requests));
      return new Map([...counts.entries()].sort(([a], [b]) => a - b));
    },
  };
}

const rateLimited = (retryAfterMs?: number) =>
  new AppError('LLM_RATE_LIMITED', 'rate limited', { retryable: true, details: retryAfterMs === undefined ? { http_status: 429 } : { http_status: 429, retry_after_ms: retryAfterMs } });

describe('shared rate limiter (Azurite)', () => {
  let blobs: BlobStore;
  beforeEach(async () => {
    blobs = await createTestBlobStore('shared-limiter');
  });

  it('two holders together never pass the budget of a window', async () => {
    const { limiters, windowOf, clock } = holders(blobs, { requests_per_minute: 5 });
    const [a, b] = limiters as [SharedLimiter, SharedLimiter];
    const w = windowOf();
    const windows: number[] = [];
    for (const limiter of [a, b, a, b, a, b]) windows.push(await admittedWindow(limiter, windowOf));
    expect(windows).toEqual([w, w, w, w, w, w + 1]);
    expect(clock.sleeps).toEqual([(w + 1) * MINUTE - START]);
    expect(await blobs.list(`ratelimit/${keySegment('deployment-a')}/${MINUTE}/${w}/`)).toHaveLength(5);
  });

  it('holds the budget when many callers in two holders acquire at once', async () => {
    const store = recordingStore(blobs);
    const { limiters } = holders(store, { requests_per_minute: 4 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2]!.acquire({})));
    const perWindow = store.admissionsPerWindow();
    expect([...perWindow.values()].reduce((sum, n) => sum + n, 0)).toBe(12);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(4);
  });

  it('claims admissions for all waiting callers of a process in one write', async () => {
    const store = recordingStore(blobs);
    const { limiters, windowOf } = holders(store, { requests_per_minute: 5 }, 1);
    const w = windowOf();
    await Promise.all(Array.from({ length: 6 }, () => limiters[0]!.acquire({})));
    expect([...store.admissionsPerWindow().entries()]).toEqual([
      [w, 5],
      [w + 1, 1],
    ]);
    expect(await blobs.list(`ratelimit/${keySegment('deployment-a')}/${MINUTE}/${w}/`)).toHaveLength(1);
  });

  it("a 429 in one holder pauses the other for the server's retry-after, cached head or not", async () => {
    const { limiters, windowOf, clock } = holders(blobs, { requests_per_minute: 100 }, 3);
    const [a, b, c] = limiters as [SharedLimiter, SharedLimiter, SharedLimiter];
    await b.acquire({});
    a.onError!(rateLimited(20_000), {});
    await a.settle();
    const pausedAt = clock.now();
    await b.acquire({});
    expect(clock.now()).toBe(pausedAt + 20_000);
    expect(clock.sleeps).toEqual([20_000]);
    await c.acquire({});
    expect(clock.sleeps).toEqual([20_000]);
    expect(windowOf()).toBe(Math.floor((pausedAt + 20_000) / MINUTE));
  });

  it('a 429 without retry-after pauses for default_retry_after_seconds; backoff_on_429=false ignores it', async () => {
    const paused = holders(blobs, { requests_per_minute: 100, default_retry_after_seconds: 2 });
    paused.limiters[0]!.onError!(rateLimited(), {});
    await paused.limiters[0]!.settle();
    await paused.limiters[1]!.acquire({});
    expect(paused.clock.sleeps).toEqual([2000]);

    const ignoring = holders(blobs, { key: 'other', requests_per_minute: 100, backoff_on_429: false });
    ignoring.limiters[0]!.onError!(rateLimited(5000), {});
    await ignoring.limiters[0]!.settle();
    await ignoring.limiters[1]!.acquire({});
    expect(ignoring.clock.sleeps).toEqual([]);
  });

  it('x-ratelimit-remaining-requests: 0 pauses every holder until the window ends', async () => {
    const { limiters, windowOf, clock } = holders(blobs, { requests_per_minute: 100 });
    const w = windowOf();
    const meta = {};
    await limiters[0]!.acquire(meta);
    const spent: LlmResponse = { content: '', metrics: {}, headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '900' } };
    limiters[0]!.updateUsage(spent, meta);
    expect(limiters[0]!.utilization()).toBe(1);
    await limiters[0]!.settle();
    expect(await admittedWindow(limiters[1]!, windowOf)).toBe(w + 1);
    expect(clock.sleeps).toEqual([(w + 1) * MINUTE - START]);
  });

  it('counts token estimates and corrects them with the real usage', async () => {
    const { limiters, windowOf } = holders(blobs, { requests_per_minute: 100, tokens_per_minute: 100 });
    const [a, b] = limiters as [SharedLimiter, SharedLimiter];
    const w = windowOf();
    const first = { estimated_tokens: 40 };
    await a.acquire(first);
    a.updateUsage({ content: '', metrics: {}, usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }, first);
    await a.settle();
    expect(await admittedWindow(b, windowOf, { estimated_tokens: 90 })).toBe(w);
    expect(await admittedWindow(a, windowOf, { estimated_tokens: 10 })).toBe(w + 1);
  });

  it('keeps one budget per deployment when no key is configured', async () => {
    const clock = createFakeClock(START);
    const limiter = createSharedLimiter(SharedLimiterOptionsSchema.parse({ requests_per_minute: 1 }), { blobs, clock, logger: createMemoryLogger() });
    await limiter.acquire({ deployment: 'gpt-a' });
    await limiter.acquire({ deployment: 'gpt-b' });
    expect(clock.sleeps).toEqual([]);
    expect(limiter.utilization()).toBe(1);
    await limiter.acquire({ deployment: 'gpt-a' });
    expect(clock.sleeps).toEqual([MINUTE - 30_000]);
  });

  it('refuses to run without the run storage', () => {
    expect(thrownBy(() => createSharedLimiter(SharedLimiterOptionsSchema.parse({ requests_per_minute: 1 }), { clock: createFakeClock(), logger: createMemoryLogger() }))).toEqual(expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
