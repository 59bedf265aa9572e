import { z } from 'zod';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import type { Clock } from '../../core/ports';
import { createPacedLimiter, type PacedLimiter } from './pacedLimiter';

export const FixedWindowOptionsSchema = options({
  requests: z.number().int().min(1).default(1),
  per_seconds: z.number().gt(0).default(1.0),
  /** Pause every caller when the model answers 429. */
  backoff_on_429: z.boolean().default(true),
  /** Pause after a 429 that names no retry-after. */
  default_retry_after_seconds: z.number().min(0).default(1),
});
export type FixedWindowOptions = z.infer<typeof FixedWindowOptionsSchema>;

/**
 * docs/original-behaviour.md §2.10 `fixed_window`: at most `requests` calls in any `per_seconds`. The original let the
 * whole window's calls leave at its start and then idled; here they leave evenly spaced
 * (one every per_seconds/requests), which keeps the same bound for every window, aligned or
 * not, and never bursts. 429s and spent quota counts pause callers as in `adaptive`.
 */
export function createFixedWindowLimiter(config: FixedWindowOptions, clock: Clock): PacedLimiter {
  return createPacedLimiter({
    rates: { requestsPerSecond: config.requests / config.per_seconds },
    clock,
    defaultRetryAfterInMs: config.default_retry_after_seconds * 1000,
    backoffOn429: config.backoff_on_429,
  });
}

export const fixedWindowRateLimiter = definePlugin({
  name: 'fixed_window',
  kind: 'rateLimiter',
  description: 'At most `requests` calls in any `per_seconds`, evenly spaced; pauses on 429.',
  configSchema: FixedWindowOptionsSchema,
  create: (config, deps) => createFixedWindowLimiter(config, deps.clock),
});
