import { z } from 'zod';
import { definePlugin, type RateLimiter } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import type { Clock } from '../../core/ports';
import { estimatedTokensOf, rateLimitSignalOf, usedTokensOf } from './limiterSignals';

export const AdaptiveOptionsSchema = options({
  requests_per_minute: z.number().int().min(1).optional(),
  /** Alias of `requests_per_minute`. */
  requests: z.number().int().min(1).optional(),
  tokens_per_minute: z.number().int().min(1).nullish(),
  interval_seconds: z.number().gt(0).default(60),
}).transform(({ requests_per_minute, requests, tokens_per_minute, interval_seconds }) => ({
  requestsPerWindow: requests_per_minute ?? requests ?? 60,
  tokensPerWindow: tokens_per_minute ?? undefined,
  windowInMs: interval_seconds * 1000,
}));
export type AdaptiveOptions = z.output<typeof AdaptiveOptionsSchema>;

interface TokenEntry {
  at: number;
  tokens: number;
}

const EMPTY_WINDOW_WAIT_MS = 100;
const release = () => undefined;

/**
 * docs/original-behaviour.md §2.10 `adaptive`: a sliding window of request times and token counts. A call is admitted
 * while requests in the window stay under the limit and, with a token limit, the tokens in
 * the window plus this call's estimate do too. Unlike the original, the estimate is
 * reserved at admission (and replaced by the real count in `updateUsage`), so concurrent
 * callers cannot all pass on the same spare capacity; a 429 pauses every caller for the
 * server's `retry-after`.
 */
export function createAdaptiveLimiter(config: AdaptiveOptions, clock: Clock): RateLimiter {
  const requestTimes: number[] = [];
  const tokenEntries: TokenEntry[] = [];
  const reservations = new WeakMap<object, TokenEntry>();
  let pausedUntil = 0;

  const prune = (now: number) => {
    while (requestTimes.length > 0 && requestTimes[0]! <= now - config.windowInMs) requestTimes.shift();
    while (tokenEntries.length > 0 && tokenEntries[0]!.at <= now - config.windowInMs) tokenEntries.shift();
  };
  const tokensInWindow = () => tokenEntries.reduce((sum, entry) => sum + entry.tokens, 0);
  const untilExpiry = (oldest: number | undefined, now: number) =>
    oldest === undefined ? EMPTY_WINDOW_WAIT_MS : Math.max(1, oldest + config.windowInMs - now);

  /** Zero when the call may go now, else how long to wait before looking again. */
  const waitFor = (estimate: number, now: number): number => {
    if (pausedUntil > now) return pausedUntil - now;
    if (requestTimes.length >= config.requestsPerWindow) return untilExpiry(requestTimes[0], now);
    const limit = config.tokensPerWindow;
    // An empty window admits any call, so one estimate above the limit cannot block forever.
    if (limit !== undefined && tokenEntries.length > 0 && tokensInWindow() + estimate >= limit) return untilExpiry(tokenEntries[0]?.at, now);
    return 0;
  };

  return {
    async acquire(meta, abortSignal) {
      const estimate = estimatedTokensOf(meta);
      for (;;) {
        const now = clock.now();
        prune(now);
        const wait = waitFor(estimate, now);
        if (wait === 0) {
          requestTimes.push(now);
          if (config.tokensPerWindow !== undefined) {
            const entry = { at: now, tokens: estimate };
            tokenEntries.push(entry);
            reservations.set(meta, entry);
          }
          return release;
        }
        await clock.sleep(wait, abortSignal);
      }
    },
    utilization() {
      prune(clock.now());
      const requestUsage = requestTimes.length / config.requestsPerWindow;
      const tokenUsage = config.tokensPerWindow === undefined ? 0 : tokensInWindow() / config.tokensPerWindow;
      return Math.min(1, Math.max(requestUsage, tokenUsage));
    },
    updateUsage(response, meta) {
      if (config.tokensPerWindow === undefined) return;
      const used = usedTokensOf(response);
      if (used === undefined) return;
      const reserved = reservations.get(meta);
      if (reserved) reserved.tokens = used;
      else tokenEntries.push({ at: clock.now(), tokens: used });
    },
    onError(error) {
      const retryAfter = rateLimitSignalOf(error)?.retryAfterInMs;
      if (retryAfter !== undefined) pausedUntil = Math.max(pausedUntil, clock.now() + retryAfter);
    },
  };
}

export const adaptiveRateLimiter = definePlugin({
  name: 'adaptive',
  kind: 'rateLimiter',
  description: 'Sliding-window requests and tokens per minute, with a token estimate reserved before each call.',
  configSchema: AdaptiveOptionsSchema,
  create: (config, deps) => createAdaptiveLimiter(config, deps.clock),
});
