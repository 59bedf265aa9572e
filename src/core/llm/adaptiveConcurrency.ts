/**
 * Adaptive concurrency for a deployment whose quota nobody declared (docs/quota-and-cache.md):
 * AIMD, as TCP finds a path's capacity. A limit on calls in flight grows by one per round
 * trip while calls succeed and shrinks by `decrease` on a 429 or a timeout, between 1 and the
 * run's `max_workers`. Calls are also spread over the round trip (limit / latency per second,
 * which is what the limit allows anyway), so callers released together (after a pause, or
 * answered together) do not arrive together and overrun a window.
 * A 429 pauses every caller of the deployment until its `retry-after`; remaining counts at
 * zero hold new calls (quotaView.ts).
 */
import { isAppError } from '../errors';
import type { RateLimiter } from '../plugins/kinds';
import type { Clock } from '../ports';
import { createAdmissionQueue } from './admissionQueue';
import { quotaHintsFromRecord, quotaHintsOfFailure } from './quotaHints';
import { createQuotaView } from './quotaView';

export interface AdaptiveConcurrencyOptions {
  clock: Clock;
  /** The ceiling: the run's `max_workers`. */
  maxLimit: number;
  /** Where the limit starts (default: the ceiling, so an unlimited deployment loses nothing). */
  initialLimit?: number;
  /** Multiplicative decrease on a 429 or timeout (default 0.7). */
  decrease?: number;
  /** Pause after a 429 that names no wait (default 1 s). */
  defaultRetryAfterInMs?: number;
}

export type AdaptiveConcurrency = RateLimiter & {
  limit(): number;
  /** Raises the ceiling when a run with a higher `max_workers` shares this deployment. */
  raiseCeiling(maxLimit: number): void;
};

/** The most timer lag a waiting caller's spacing makes up for. */
const CATCH_UP_MS = 50;
/** Weight of a new latency sample in the moving average. */
const LATENCY_WEIGHT = 0.2;

export function createAdaptiveConcurrency(options: AdaptiveConcurrencyOptions): AdaptiveConcurrency {
  const { clock } = options;
  const decrease = options.decrease ?? 0.7;
  let ceiling = options.maxLimit;
  let limit = Math.min(ceiling, options.initialLimit ?? ceiling);
  let inFlight = 0;
  let pausedUntil = 0;
  /** When the next call may start: calls are spread `latency / limit` apart. */
  let nextAt = -Infinity;
  let lastDecreaseAt = -Infinity;
  let latencyInMs: number | undefined;
  const view = createQuotaView();
  const admittedAt = new WeakMap<object, number>();

  // limit / latency is what the limit allows anyway (Little's law): spacing only breaks up crowds.
  const spacing = () => (latencyInMs === undefined ? 0 : latencyInMs / limit);
  const queue = createAdmissionQueue(clock, {
    due: (estimate, now) => (inFlight >= Math.floor(limit) ? Infinity : Math.max(pausedUntil, nextAt, view.holdUntil(estimate, inFlight, now))),
    onAdmit: (estimate, now, queuedAt) => {
      inFlight += 1;
      // A caller that waited for its turn keeps the spacing even if the timer woke late.
      nextAt = Math.max(nextAt, Math.min(now, Math.max(queuedAt, now - CATCH_UP_MS))) + spacing();
      view.admitted(estimate);
    },
  });

  /** Once per round of calls: those admitted before the last decrease saw the old limit. */
  const shrink = (meta: object) => {
    const at = admittedAt.get(meta) ?? -Infinity;
    if (at <= lastDecreaseAt) return;
    limit = Math.max(1, limit * decrease);
    lastDecreaseAt = clock.now();
  };

  return {
    limit: () => limit,
    raiseCeiling(maxLimit) {
      ceiling = Math.max(ceiling, maxLimit);
    },
    async acquire(meta, abortSignal) {
      await queue.enter(typeof meta.estimated_tokens === 'number' ? meta.estimated_tokens : 0, abortSignal);
      admittedAt.set(meta, clock.now());
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
        queue.wake();
      };
    },
    utilization: () => 0,
    updateUsage(response, meta) {
      const now = clock.now();
      view.observe(quotaHintsFromRecord(response.headers), now);
      const started = admittedAt.get(meta);
      if (started !== undefined) latencyInMs = latencyInMs === undefined ? now - started : latencyInMs + LATENCY_WEIGHT * (now - started - latencyInMs);
      // Grow only while the limit is what holds calls back, not when callers are few.
      if (inFlight + queue.waiting >= Math.floor(limit)) limit = Math.min(ceiling, limit + 1 / limit);
      queue.wake();
    },
    onError(error, meta) {
      if (!isAppError(error)) return;
      const now = clock.now();
      view.observe(quotaHintsOfFailure(error.details), now);
      if (error.code === 'LLM_RATE_LIMITED' || error.details?.http_status === 429) {
        const wait = error.details?.retry_after_ms;
        pausedUntil = Math.max(pausedUntil, now + (typeof wait === 'number' && wait >= 0 ? wait : (options.defaultRetryAfterInMs ?? 1000)));
        shrink(meta);
      } else if ((error.code === 'LLM_TIMEOUT' && error.details?.aborted_by_caller !== true) || error.details?.http_status === 503) {
        shrink(meta);
      }
      queue.wake();
    },
  };
}
