import { AppError, isAppError, errorMessage } from '../errors';
import type { Clock } from '../ports';
import { isRetryable, nextDelayInMs, type RetryPolicy } from './retryPolicy';
import type { AttemptRecord, LlmResponse, RetryInfo } from './types';

export interface RetryLoopOptions {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  abortSignal?: AbortSignal;
  /** Called once when the last attempt failed, with the full history (docs/original-behaviour.md §4.1 exhaustion). */
  onExhausted?(info: RetryInfo, error: unknown): Promise<void> | void;
}

/**
 * Runs `attempt(n)` until it succeeds, the error is not retryable, or attempts run out.
 * Every attempt is recorded; the history rides on the response (`retry`) or on the
 * thrown AppError (`details.retry`), so failures carry it into their records.
 */
export async function withRetries(attempt: (attemptNumber: number) => Promise<LlmResponse>, options: RetryLoopOptions): Promise<LlmResponse> {
  const { policy, clock } = options;
  const history: AttemptRecord[] = [];
  let delayInMs = policy.initialDelayInMs;
  for (let attemptNumber = 1; ; attemptNumber++) {
    const started = clock.now();
    try {
      const response = await attempt(attemptNumber);
      history.push({ attempt: attemptNumber, status: 'success', duration: seconds(clock.now() - started) });
      return withRetryInfo(response, { attempts: attemptNumber, max_attempts: policy.maxAttempts, history });
    } catch (error) {
      const entry = failedAttempt(attemptNumber, started, clock, error);
      history.push(entry);
      const canRetry = attemptNumber < policy.maxAttempts && isRetryable(error) && !options.abortSignal?.aborted;
      if (!canRetry) {
        const info: RetryInfo = { attempts: attemptNumber, max_attempts: policy.maxAttempts, history };
        if (attemptNumber >= policy.maxAttempts && policy.maxAttempts > 1) await notifyExhausted(options, info, error);
        throw exhaustedError(error, info);
      }
      const { sleepInMs, following } = nextDelayInMs(policy, delayInMs, options.random, entry.retry_after_ms);
      entry.next_delay = seconds(sleepInMs);
      delayInMs = following;
      if (sleepInMs > 0) await clock.sleep(sleepInMs, options.abortSignal);
    }
  }
}

function failedAttempt(attemptNumber: number, started: number, clock: Clock, error: unknown): AttemptRecord {
  const entry: AttemptRecord = {
    attempt: attemptNumber,
    status: 'error',
    duration: seconds(clock.now() - started),
    error: errorMessage(error),
    error_type: isAppError(error) ? error.code : error instanceof Error ? error.name : typeof error,
  };
  if (isAppError(error)) {
    entry.error_code = error.code;
    const status = error.details?.http_status;
    const retryAfter = error.details?.retry_after_ms;
    if (typeof status === 'number') entry.http_status = status;
    if (typeof retryAfter === 'number') entry.retry_after_ms = retryAfter;
  }
  return entry;
}

async function notifyExhausted(options: RetryLoopOptions, info: RetryInfo, error: unknown): Promise<void> {
  try {
    await options.onExhausted?.(info, error);
  } catch {
    // Hook errors must not change the row's outcome (the original swallowed them too).
  }
}

function exhaustedError(error: unknown, retry: RetryInfo): AppError {
  const code = isAppError(error) ? error.code : 'INTERNAL';
  const details = { ...(isAppError(error) ? error.details : {}), retry };
  return new AppError(code, errorMessage(error), { retryable: false, details, cause: error });
}

function withRetryInfo(response: LlmResponse, retry: RetryInfo): LlmResponse {
  return {
    ...response,
    metrics: { ...response.metrics, attempts_used: retry.attempts },
    retry: response.retry ?? retry,
  };
}

const seconds = (ms: number) => ms / 1000;
