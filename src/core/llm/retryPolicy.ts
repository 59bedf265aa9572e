import { isAppError } from '../errors';
import type { RetryConfig } from '../config/layer';

/** The retry *decision*, kept apart from the loop that sleeps and records (retryLoop.ts). */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelayInMs: number;
  backoffMultiplier: number;
  maxDelayInMs: number;
  /** Fraction of each delay drawn at random (0 = none, 0.2 = ±20%). */
  jitter: number;
}

export function retryPolicyFrom(config: RetryConfig): RetryPolicy {
  return {
    maxAttempts: config.max_attempts ?? 1,
    initialDelayInMs: (config.initial_delay ?? 0) * 1000,
    backoffMultiplier: config.backoff_multiplier ?? 1,
    maxDelayInMs: config.max_delay === undefined ? Infinity : config.max_delay * 1000,
    jitter: config.jitter ?? 0,
  };
}

/**
 * Safety blocks are deterministic: retrying them only spends money (docs/original-behaviour.md §12.2 item 3).
 * Validation failures are retried: "retry until valid" is intended. An AppError that says
 * it is not retryable (e.g. a 400 from the model) is not retried; anything else is, as
 * in the original.
 */
export function isRetryable(error: unknown): boolean {
  if (!isAppError(error)) return true;
  if (error.code === 'SAFETY_BLOCKED' || error.code === 'BUDGET_EXCEEDED' || error.code === 'PROMPT_RENDER_FAILED') return false;
  if (error.code === 'VALIDATION_FAILED') return true;
  return error.retryable;
}

/**
 * The original's delay sequence (docs/original-behaviour.md §4.1): sleep the current delay, then multiply it, or start
 * from the multiplier when it was zero. Capped by max delay, spread by jitter, and never
 * shorter than what the server asked for with retry-after.
 */
export function nextDelayInMs(policy: RetryPolicy, currentDelayInMs: number, random: () => number, retryAfterInMs?: number): { sleepInMs: number; following: number } {
  const base = Math.min(currentDelayInMs, policy.maxDelayInMs);
  const spread = policy.jitter > 0 ? base * policy.jitter * (random() * 2 - 1) : 0;
  const sleepInMs = Math.max(0, base + spread, retryAfterInMs ?? 0);
  const following =
    currentDelayInMs > 0
      ? currentDelayInMs * policy.backoffMultiplier
      : policy.backoffMultiplier > 0
        ? policy.backoffMultiplier * 1000
        : 0;
  return { sleepInMs, following: Math.min(following, policy.maxDelayInMs) };
}
