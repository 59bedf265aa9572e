import { z } from 'zod';
import { definePlugin, type RateLimiter } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import type { Clock } from '../../core/ports';

export const FixedWindowOptionsSchema = options({
  requests: z.number().int().min(1).default(1),
  per_seconds: z.number().gt(0).default(1.0),
});
export type FixedWindowOptions = z.infer<typeof FixedWindowOptionsSchema>;

const release = () => undefined;

/**
 * docs/original-behaviour.md §2.10 `fixed_window`: the window starts at the first acquire; up to `requests` calls per
 * window, later callers sleep until it ends (at least 1 ms) and try again. JavaScript runs
 * each check-and-count without interruption, so many waiting callers never overcount.
 */
export function createFixedWindowLimiter(config: FixedWindowOptions, clock: Clock): RateLimiter {
  const windowInMs = config.per_seconds * 1000;
  let windowStart: number | undefined;
  let count = 0;

  const rollIfExpired = (now: number) => {
    if (windowStart !== undefined && now - windowStart >= windowInMs) {
      windowStart = undefined;
      count = 0;
    }
  };

  return {
    async acquire(_meta, abortSignal) {
      for (;;) {
        const now = clock.now();
        rollIfExpired(now);
        windowStart ??= now;
        if (count < config.requests) {
          count += 1;
          return release;
        }
        await clock.sleep(Math.max(1, windowStart + windowInMs - now), abortSignal);
      }
    },
    utilization() {
      rollIfExpired(clock.now());
      return count / config.requests;
    },
    updateUsage: () => undefined,
  };
}

export const fixedWindowRateLimiter = definePlugin({
  name: 'fixed_window',
  kind: 'rateLimiter',
  description: 'At most `requests` calls per `per_seconds` window, the window starting at the first call.',
  configSchema: FixedWindowOptionsSchema,
  create: (config, deps) => createFixedWindowLimiter(config, deps.clock),
});
