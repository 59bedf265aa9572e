import type { RetryOptionsLike, ScheduledAction } from './replayExecutor';

/** Same kind, name and serialised input: what the host compares on replay. */
export function sameAction(a: ScheduledAction, b: ScheduledAction): boolean {
  return a.kind === b.kind && a.name === b.name && JSON.stringify(a.input) === JSON.stringify(b.input);
}

/**
 * The wait before retry attempt `attemptNumber` (the one after a failure), as Durable
 * computes it: first interval × backoff^(n-2), capped by the max interval.
 */
export function retryDelayInMs(
  attemptNumber: number,
  options: RetryOptionsLike,
  override?: (attemptNumber: number, options: { firstRetryIntervalInMilliseconds: number }) => number,
): number {
  if (override) return override(attemptNumber, options);
  const backoff = options.backoffCoefficient ?? 1;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(backoff, Math.max(0, attemptNumber - 2));
  const cap = options.maxRetryIntervalInMilliseconds && options.maxRetryIntervalInMilliseconds > 0 ? options.maxRetryIntervalInMilliseconds : Infinity;
  return Math.min(delay, cap);
}
