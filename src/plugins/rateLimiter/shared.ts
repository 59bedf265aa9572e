import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { quotaHintsFromRecord } from '../../core/llm/quotaHints';
import { definePlugin, type PluginDeps, type RateLimiter } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { createKeyBudget, type KeyBudget } from './sharedBudget';
import { createLedger } from './sharedLedger';
import { estimatedTokensOf, quotaHintsOfError, rateLimitSignalOf, usedTokensOf } from './limiterSignals';
import { createPacedLimiter, type PacedLimiter } from './pacedLimiter';

export const SharedLimiterOptionsSchema = options({
  requests_per_minute: z.number().int().min(1),
  tokens_per_minute: z.number().int().min(1).optional(),
  /** Which budget: holders with the same key share it. Default: the call's deployment or model, else "default". */
  key: z.string().min(1).optional(),
  /** Length of the counting window; the per-minute budgets are scaled to it. Default: chosen from the budget (windowFor). */
  window_seconds: z.number().gt(0).optional(),
  /** Pause every holder of the key when the model answers 429 or reports its quota spent. */
  backoff_on_429: z.boolean().default(true),
  /** Pause after a 429 that names no retry-after. */
  default_retry_after_seconds: z.number().min(0).default(1),
  blob_prefix: z.string().min(1).default('ratelimit'),
  /** Without a token limit: most admissions one storage write may claim for callers waiting in this process. */
  max_claim: z.number().int().min(1).default(8),
});
export type SharedLimiterOptions = z.infer<typeof SharedLimiterOptionsSchema>;

const WINDOW_CHOICES = [1, 2, 5, 10, 15, 20, 30, 60];
/** The fewest requests a window should hold, so rounding its share down loses at most a tenth. */
const MIN_REQUESTS_PER_WINDOW = 10;

/**
 * The counting window when none is configured: the shortest of 1 to 60 seconds that holds at
 * least ten requests of the budget. Azure OpenAI enforces its per-minute quotas over 1 to 10
 * seconds, so a minute-long window would let the whole minute's budget leave at once.
 */
export function windowFor(requestsPerMinute: number): number {
  return WINDOW_CHOICES.find((seconds) => (requestsPerMinute * seconds) / 60 >= MIN_REQUESTS_PER_WINDOW) ?? 60;
}

/** A blob-safe, collision-free folder name for a key. */
export function keySegment(key: string): string {
  const slug = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48);
  return `${slug}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/**
 * `shared`: one request/token budget per key for every activity instance and process, kept
 * in the run's Blob Storage (see sharedLedger.ts for why the counts are exact across
 * processes), counted in short windows. Each admission is also a time slot in the ledger,
 * so the callers of every process together go evenly spaced (W/N apart for N requests per
 * window of W), not the window's share at its start; without a token limit one write claims
 * slots for every caller already queued in the process. Tokens are counted per window and
 * paced per process. 429s pause all holders
 * of the key (the pause is written into the chain every holder reads before its next
 * admission); low `x-ratelimit-remaining-*` counts hold this process's callers.
 */
export type SharedLimiter = RateLimiter & {
  /** Resolves when background writes (pauses, token corrections, clean-up) have finished. */
  settle(): Promise<void>;
};

interface KeyState {
  budget: KeyBudget;
  local: PacedLimiter;
}

export function createSharedLimiter(config: SharedLimiterOptions, deps: Pick<PluginDeps, 'blobs' | 'clock' | 'logger'>): SharedLimiter {
  const blobs = deps.blobs;
  if (!blobs) {
    throw new AppError('CONFIG_INVALID', "rate limiter 'shared' needs the run's blob storage; it can only run inside a run");
  }
  const windowSeconds = config.window_seconds ?? windowFor(config.requests_per_minute);
  const windowInMs = windowSeconds * 1000;
  const scale = windowSeconds / 60;
  const limits = {
    requests: Math.max(1, Math.floor(config.requests_per_minute * scale)),
    tokens: config.tokens_per_minute === undefined ? undefined : Math.max(1, Math.floor(config.tokens_per_minute * scale)),
  };
  // Requests are spaced by the ledger's slots (one schedule for every process); tokens are also paced locally.
  const rates = config.tokens_per_minute ? { tokensPerSecond: config.tokens_per_minute / 60 } : {};
  const keys = new Map<string, KeyState>();
  const reservations = new WeakMap<object, { state: KeyState; window: number; estimate: number; release: () => void }>();

  const stateFor = (meta: Record<string, unknown>): KeyState => {
    const key = config.key ?? firstText(meta.deployment, meta.model) ?? 'default';
    let state = keys.get(key);
    if (!state) {
      const local = createPacedLimiter({ rates, clock: deps.clock, defaultRetryAfterInMs: config.default_retry_after_seconds * 1000 });
      const ledger = createLedger(blobs, `${config.blob_prefix}/${keySegment(key)}/${windowInMs}`);
      const budget = createKeyBudget({
        ledger,
        clock: deps.clock,
        logger: deps.logger,
        windowInMs,
        limits,
        maxClaim: config.max_claim,
        key,
        demand: () => local.waiting(),
      });
      state = { budget, local };
      keys.set(key, state);
    }
    return state;
  };

  const pause = (state: KeyState, untilInMs: number, reason: string) => {
    if (!config.backoff_on_429) return;
    state.budget.pauseUntil(untilInMs, reason);
  };

  return {
    settle: async () => {
      await Promise.all([...keys.values()].map((state) => state.budget.settle()));
    },
    async acquire(meta, abortSignal) {
      const state = stateFor(meta);
      const estimate = limits.tokens === undefined ? 0 : estimatedTokensOf(meta);
      const release = await state.local.acquire(meta, abortSignal);
      try {
        const window = await state.budget.admit(estimate, abortSignal);
        reservations.set(meta, { state, window, estimate, release });
        return release;
      } catch (error) {
        release();
        throw error;
      }
    },
    utilization: () => Math.max(0, ...[...keys.values()].map(({ local, budget }) => Math.max(local.utilization(), budget.utilization()))),
    updateUsage(response, meta) {
      const reservation = reservations.get(meta);
      const state = reservation?.state ?? stateFor(meta);
      state.local.updateUsage(response, meta);
      const hints = quotaHintsFromRecord(response.headers);
      // Only an announced refill time is worth telling every holder; otherwise this process holds alone.
      const resetInMs = hints.remainingRequests === 0 ? hints.resetRequestsInMs : hints.remainingTokens === 0 ? hints.resetTokensInMs : undefined;
      if (resetInMs !== undefined) pause(state, deps.clock.now() + resetInMs, 'x-ratelimit-remaining at 0');
      const used = usedTokensOf(response);
      if (reservation && limits.tokens !== undefined && used !== undefined && used !== reservation.estimate) {
        state.budget.adjustTokens(reservation.window, used - reservation.estimate);
      }
    },
    onError(error, meta) {
      const state = reservations.get(meta)?.state ?? stateFor(meta);
      const signal = rateLimitSignalOf(error);
      if (!signal || !config.backoff_on_429) return;
      state.local.onError?.(error, meta);
      const waitInMs = signal.retryAfterInMs ?? quotaHintsOfError(error).resetRequestsInMs ?? config.default_retry_after_seconds * 1000;
      pause(state, deps.clock.now() + waitInMs, '429 from the model');
    },
  };
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

export const sharedRateLimiter = definePlugin({
  name: 'shared',
  kind: 'rateLimiter',
  description: 'One requests/tokens-per-minute budget for every worker and process, kept in Blob Storage, paced evenly; backs off on 429s.',
  configSchema: SharedLimiterOptionsSchema,
  create: (config, deps) => createSharedLimiter(config, deps),
});
