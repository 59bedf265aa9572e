import { AppError } from '../../../src/core/errors';
import { withRetries } from '../../../src/core/llm/retryLoop';
import { nextDelayInMs, retryPolicyFrom, type RetryPolicy } from '../../../src/core/llm/retryPolicy';
import type { LlmResponse, RetryInfo } from '../../../src/core/llm/types';
import { createFakeClock } from '../../fakes/pluginDeps';

const ok: LlmResponse = { content: 'fine', metrics: { score: 1 } };
const rateLimited = (retryAfterMs?: number) =>
  new AppError('LLM_RATE_LIMITED', 'HTTP 429', { retryable: true, details: { http_status: 429, ...(retryAfterMs ? { retry_after_ms: retryAfterMs } : {}) } });

function attempts(...results: (LlmResponse | Error)[]) {
  let call = 0;
  return async () => {
    const result = results[call++]!;
    if (result instanceof Error) throw result;
    return result;
  };
}

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...retryPolicyFrom({ max_attempts: 4, initial_delay: 1, backoff_multiplier: 2 }), ...overrides });

describe('delay sequence (docs/original-behaviour.md §4.1)', () => {
  it.each([
    ['initial 0, backoff 2: sleeps 0, 2 s, 4 s', { max_attempts: 4, initial_delay: 0, backoff_multiplier: 2 }, [0, 2000, 4000]],
    ['initial 1, backoff 2: sleeps 1 s, 2 s, 4 s', { max_attempts: 4, initial_delay: 1, backoff_multiplier: 2 }, [1000, 2000, 4000]],
    ['max_delay caps the growth', { max_attempts: 4, initial_delay: 1, backoff_multiplier: 10, max_delay: 3 }, [1000, 3000, 3000]],
  ])('%s', (_name, config, expected) => {
    const p = retryPolicyFrom(config);
    let delay = p.initialDelayInMs;
    const sleeps: number[] = [];
    for (let i = 0; i < expected.length; i++) {
      const next = nextDelayInMs(p, delay, () => 0.5);
      sleeps.push(next.sleepInMs);
      delay = next.following;
    }
    expect(sleeps).toEqual(expected);
  });

  it('never sleeps less than retry-after, and jitter stays within its fraction', () => {
    const p = retryPolicyFrom({ max_attempts: 3, initial_delay: 1, jitter: 0.2 });
    expect(nextDelayInMs(p, 1000, () => 0.5, 5000).sleepInMs).toBe(5000);
    expect(nextDelayInMs(p, 1000, () => 0).sleepInMs).toBe(800);
    expect(nextDelayInMs(p, 1000, () => 1).sleepInMs).toBe(1200);
  });
});

describe('withRetries', () => {
  it('records every attempt, honours retry-after, and marks the response', async () => {
    const clock = createFakeClock();
    const response = await withRetries(attempts(rateLimited(3000), new Error('socket closed'), ok), { policy: policy(), clock, random: () => 0.5 });
    expect(clock.sleeps).toEqual([3000, 2000]);
    expect(response.metrics.attempts_used).toBe(3);
    expect(response.retry).toEqual({
      attempts: 3,
      max_attempts: 4,
      history: [
        { attempt: 1, status: 'error', duration: 0, error: 'HTTP 429', error_type: 'LLM_RATE_LIMITED', error_code: 'LLM_RATE_LIMITED', http_status: 429, retry_after_ms: 3000, next_delay: 3 },
        { attempt: 2, status: 'error', duration: 0, error: 'socket closed', error_type: 'Error', next_delay: 2 },
        { attempt: 3, status: 'success', duration: 0 },
      ],
    });
  });

  it('gives up after max_attempts with the history on the error, and calls the exhaustion hook once', async () => {
    const exhausted: RetryInfo[] = [];
    const error = await withRetries(attempts(rateLimited(), rateLimited()), {
      policy: policy({ maxAttempts: 2 }),
      clock: createFakeClock(),
      random: () => 0.5,
      onExhausted: (info) => void exhausted.push(info),
    }).then(
      () => { throw new Error('expected a failure'); },
      (e: unknown) => e as AppError,
    );
    expect([error.code, (error.details?.retry as RetryInfo).attempts]).toEqual(['LLM_RATE_LIMITED', 2]);
    expect(exhausted.map((i) => i.history.length)).toEqual([2]);
  });

  it.each([
    ['a safety block', new AppError('SAFETY_BLOCKED', 'blocked'), 1],
    ['a rejected request (400)', new AppError('LLM_REQUEST_REJECTED', 'bad request', { retryable: false }), 1],
    ['a validation failure', new AppError('VALIDATION_FAILED', 'not JSON'), 3],
    ['a server error', new AppError('LLM_SERVER_ERROR', '500', { retryable: true }), 3],
  ])('retries %s as the original did, where it should (%s attempts)', async (_name, failure, expected) => {
    let calls = 0;
    await withRetries(async () => {
      calls++;
      throw failure;
    }, { policy: policy({ maxAttempts: 3 }), clock: createFakeClock(), random: () => 0.5 }).catch(() => undefined);
    expect(calls).toBe(expected);
  });
});
