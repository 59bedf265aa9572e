import { z } from 'zod';
import { definePlugin } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import type { Clock } from '../../core/ports';
import { createPacedLimiter, type PacedLimiter } from './pacedLimiter';

export const AdaptiveOptionsSchema = options({
  requests_per_minute: z.number().int().min(1).optional(),
  /** Alias of `requests_per_minute`. */
  requests: z.number().int().min(1).optional(),
  tokens_per_minute: z.number().int().min(1).nullish(),
  /** The period the budgets are stated for (default a minute); they are paced evenly within it. */
  interval_seconds: z.number().gt(0).default(60),
  /** Pause every caller when the model answers 429. */
  backoff_on_429: z.boolean().default(true),
  /** Pause after a 429 that names no retry-after. */
  default_retry_after_seconds: z.number().min(0).default(1),
}).transform(({ requests_per_minute, requests, tokens_per_minute, interval_seconds, backoff_on_429, default_retry_after_seconds }) => ({
  requestsPerSecond: (requests_per_minute ?? requests ?? 60) / interval_seconds,
  tokensPerSecond: tokens_per_minute ? tokens_per_minute / interval_seconds : undefined,
  defaultRetryAfterInMs: default_retry_after_seconds * 1000,
  backoffOn429: backoff_on_429,
}));
export type AdaptiveOptions = z.output<typeof AdaptiveOptionsSchema>;

/**
 * docs/original-behaviour.md §2.10 `adaptive`: requests and tokens per minute. Unlike the original's sliding minute,
 * which let a minute's budget leave in its first second, the budget is paced evenly (one
 * request every 60/N s; tokens likewise, estimated before the call and corrected from
 * `usage` after), callers are held while the endpoint reports its quota spent, and a 429
 * pauses every caller for the server's `retry-after` (docs/quota-and-cache.md).
 */
export function createAdaptiveLimiter(config: AdaptiveOptions, clock: Clock): PacedLimiter {
  const rates = config.tokensPerSecond === undefined ? { requestsPerSecond: config.requestsPerSecond } : { requestsPerSecond: config.requestsPerSecond, tokensPerSecond: config.tokensPerSecond };
  return createPacedLimiter({ rates, clock, defaultRetryAfterInMs: config.defaultRetryAfterInMs, backoffOn429: config.backoffOn429 });
}

export const adaptiveRateLimiter = definePlugin({
  name: 'adaptive',
  kind: 'rateLimiter',
  description: 'Requests and tokens per minute, paced evenly; slows down on low x-ratelimit-remaining-* and pauses on 429.',
  configSchema: AdaptiveOptionsSchema,
  create: (config, deps) => createAdaptiveLimiter(config, deps.clock),
});
