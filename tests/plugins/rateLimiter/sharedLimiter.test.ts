import { AppError } from '../../../src/core/errors';
import type { LlmResponse } from '../../../src/core/llm/types';
import type { BlobStore } from '../../../src/core/ports';
import { SharedLimiterOptionsSchema, createSharedLimiter, keySegment, windowFor, type SharedLimiter } from '../../../src/plugins/rateLimiter/shared';
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
  const windowOf = () => Math.floor(clock.now() / ((config.window_seconds ?? windowFor(config.requests_per_minute)) * 1000));
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

  it('two holders share one schedule: calls evenly spaced whoever makes them, never more than the budget a window', async () => {
    const { limiters, windowOf, clock } = holders(blobs, { requests_per_minute: 5, window_seconds: 60 });
    const [a, b] = limiters as [SharedLimiter, SharedLimiter];
    const w = windowOf();
    const windows: number[] = [];
    const times: number[] = [];
    for (const limiter of [a, b, a, b, a, b]) {
      windows.push(await admittedWindow(limiter, windowOf));
      times.push(clock.now() - START);
    }
    // 5 a minute is one slot every 12 s; START is 30 s into its window, which has slots left at 30, 42 and 54 s.
    expect(windows).toEqual([w, w, w, w + 1, w + 1, w + 1]);
    expect(times).toEqual([0, 12_000, 24_000, 30_000, 42_000, 54_000]);
    expect(await blobs.list(`ratelimit/${keySegment('deployment-a')}/${MINUTE}/${w}/`)).toHaveLength(3);
  });

  it('a caller that wakes after its slot window ended gives the slot up and takes one in the window it sends in', async () => {
    const store = recordingStore(blobs);
    const { limiters, windowOf, clock } = holders(store, { requests_per_minute: 5, window_seconds: 60 });
    const [a, b] = limiters as [SharedLimiter, SharedLimiter];
    const w = windowOf();
    await a.acquire({});
    // b's slot is at 42 s; its process stalls, so the 12 s sleep ends 20 s later, in the next window.
    const sleep = clock.sleep;
    clock.sleep = (ms) => {
      clock.sleep = sleep;
      return sleep(ms + 20_000);
    };
    expect(await admittedWindow(b, windowOf)).toBe(w + 1);
    expect(clock.now() - START).toBe(32_000);
    // The slot given up stays counted in w (the ledger never gives back); w + 1 holds b's real admission.
    expect([...store.admissionsPerWindow().entries()]).toEqual([[w, 2], [w + 1, 1]]);
  });

  it('holds the budget when many callers in two holders acquire at once', async () => {
    const store = recordingStore(blobs);
    const { limiters } = holders(store, { requests_per_minute: 4, window_seconds: 60 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2]!.acquire({})));
    const perWindow = store.admissionsPerWindow();
    expect([...perWindow.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(4);
  });

  it('chooses a short window from the budget: at least ten requests each, at most a minute', () => {
    expect([6000, 600, 300, 100, 20, 10, 5].map(windowFor)).toEqual([1, 1, 2, 10, 30, 60, 60]);
  });

  it('claims admissions for the callers of a process in few writes, and paces them through the window', async () => {
    const store = recordingStore(blobs);
    const { limiters, clock } = holders(store, { requests_per_minute: 6000 }, 1);
    const windowOf = () => Math.floor(clock.now() / 1000);
    const w = windowOf();
    await Promise.all(Array.from({ length: 8 }, () => limiters[0]!.acquire({})));
    // The local pacer lets one through every 10 ms (100 a second); the fake clock jumps, so only the end is exact.
    expect(clock.now() - START).toBe(70);
    expect([...store.admissionsPerWindow().entries()]).toEqual([[w, 8]]);
    expect((await blobs.list(`ratelimit/${keySegment('deployment-a')}/1000/${w}/`)).length).toBeLessThan(8);
  });

  it("a 429 in one holder pauses the other for the server's retry-after, cached head or not", async () => {
    const { limiters, windowOf, clock } = holders(blobs, { requests_per_minute: 100, window_seconds: 60 }, 3);
    const [a, b, c] = limiters as [SharedLimiter, SharedLimiter, SharedLimiter];
    await b.acquire({});
    a.onError!(rateLimited(20_000), {});
    await a.settle();
    const pausedAt = clock.now();
    await b.acquire({});
    expect(clock.now()).toBe(pausedAt + 20_000);
    await c.acquire({});
    // c takes the slot after b's: 100 a minute are 600 ms apart.
    expect(clock.now()).toBe(pausedAt + 20_600);
    expect(windowOf()).toBe(Math.floor((pausedAt + 20_000) / MINUTE));
  });

  it('x-ratelimit-remaining at 0 with a reset time pauses every holder until then; without one only this process holds', async () => {
    const { limiters, clock } = holders(blobs, { requests_per_minute: 6000 });
    const meta = {};
    const release = await limiters[0]!.acquire(meta);
    const spent: LlmResponse = { content: '', metrics: {}, headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s' } };
    limiters[0]!.updateUsage(spent, meta);
    release();
    expect(limiters[0]!.utilization()).toBe(1);
    await limiters[0]!.settle();
    const pausedAt = clock.now();
    await limiters[1]!.acquire({});
    expect(clock.now()).toBe(pausedAt + 2000);

    const other = holders(blobs, { key: 'deployment-b', requests_per_minute: 6000 });
    const first = {};
    const done = await other.limiters[0]!.acquire(first);
    other.limiters[0]!.updateUsage({ content: '', metrics: {}, headers: { 'x-ratelimit-remaining-requests': '0' } }, first);
    done();
    await other.limiters[0]!.settle();
    // Nothing in flight: one call may go and learn the wait from its 429; the other holder is not paused.
    await other.limiters[0]!.acquire({});
    await other.limiters[1]!.acquire({});
    expect(other.clock.now() - START).toBe(20);
  });

  it('counts token estimates and corrects them with the real usage', async () => {
    const { limiters, windowOf } = holders(blobs, { requests_per_minute: 100, tokens_per_minute: 100, window_seconds: 60 });
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
    expect(clock.now()).toBe(START);
    expect(limiter.utilization()).toBe(1);
    await limiter.acquire({ deployment: 'gpt-a' });
    expect(clock.now() - START).toBe(MINUTE - 30_000);
  });

  it('refuses to run without the run storage', () => {
    expect(thrownBy(() => createSharedLimiter(SharedLimiterOptionsSchema.parse({ requests_per_minute: 1 }), { clock: createFakeClock(), logger: createMemoryLogger() }))).toEqual(expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
