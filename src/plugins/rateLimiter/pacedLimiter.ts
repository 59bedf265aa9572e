import { createAdmissionQueue } from '../../core/llm/admissionQueue';
import { quotaHintsFromRecord } from '../../core/llm/quotaHints';
import { createQuotaView } from '../../core/llm/quotaView';
import type { RateLimiter } from '../../core/plugins/kinds';
import type { Clock } from '../../core/ports';
import { estimatedTokensOf, quotaHintsOfError, rateLimitSignalOf, usedTokensOf } from './limiterSignals';
import { createPacer, type PaceRates } from './pacer';

export interface PacedLimiterOptions {
  rates: PaceRates;
  clock: Clock;
  /** How long a 429 that names no wait pauses callers. */
  defaultRetryAfterInMs: number;
  /** False: a 429 does not pause the other callers (only its own retry waits). Default true. */
  backoffOn429?: boolean;
}

export type PacedLimiter = RateLimiter & {
  /** Epoch ms before which no caller is admitted (0: not paused). */
  pausedUntil(): number;
  /** Callers waiting for admission. */
  waiting(): number;
};

/**
 * Utilisation 1 means the schedule runs this far ahead (a 429's pause). Callers already queued
 * do not count: the queue is ordered and cheap, so holding new rows back (the engine's
 * `utilization_pause`) would only risk letting it run dry.
 */
const FULL_BACKLOG_MS = 1000;

/**
 * One process's limiter for a declared budget (`adaptive`, `fixed_window`): callers are
 * admitted in order, evenly spaced (pacer.ts), held while the endpoint's remaining counts
 * say its quota is spent (quotaView.ts), and all paused until the time a 429 names.
 */
export function createPacedLimiter(options: PacedLimiterOptions): PacedLimiter {
  const { clock } = options;
  const pacer = createPacer(options.rates);
  const view = createQuotaView();
  const estimates = new WeakMap<object, number>();
  let pausedUntil = 0;
  let inFlight = 0;
  const queue = createAdmissionQueue(clock, {
    due: (estimate, now) => Math.max(pausedUntil, now + pacer.waitFor(estimate, now), view.holdUntil(estimate, inFlight, now)),
    onAdmit: (estimate, now, queuedAt) => {
      pacer.take(estimate, now, queuedAt);
      view.admitted(estimate);
      inFlight += 1;
    },
  });
  const pause = (until: number) => {
    if (until <= pausedUntil) return;
    pausedUntil = until;
    pacer.holdUntil(until);
    queue.wake();
  };

  return {
    pausedUntil: () => pausedUntil,
    waiting: () => queue.waiting,
    async acquire(meta, abortSignal) {
      const estimate = estimatedTokensOf(meta);
      await queue.enter(estimate, abortSignal);
      estimates.set(meta, estimate);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
        queue.wake();
      };
    },
    utilization() {
      const now = clock.now();
      return Math.min(1, Math.max(pausedUntil - now, pacer.aheadInMs(now), 0) / FULL_BACKLOG_MS);
    },
    updateUsage(response, meta) {
      view.observe(quotaHintsFromRecord(response.headers), clock.now());
      const used = usedTokensOf(response);
      const estimate = estimates.get(meta);
      if (used !== undefined && estimate !== undefined) pacer.correctTokens(used - estimate);
      queue.wake();
    },
    onError(error) {
      const now = clock.now();
      view.observe(quotaHintsOfError(error), now);
      const signal = rateLimitSignalOf(error);
      if (signal && options.backoffOn429 !== false) pause(now + (signal.retryAfterInMs ?? options.defaultRetryAfterInMs));
      queue.wake();
    },
  };
}
