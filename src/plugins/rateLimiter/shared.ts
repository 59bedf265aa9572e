import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { definePlugin, type PluginDeps, type RateLimiter } from '../../core/plugins/kinds';
import { options } from '../../core/plugins/registry';
import { createKeyBudget, type KeyBudget } from './sharedBudget';
import { createLedger } from './sharedLedger';
import { estimatedTokensOf, quotaExhausted, rateLimitSignalOf, usedTokensOf } from './limiterSignals';

export const SharedLimiterOptionsSchema = options({
  requests_per_minute: z.number().int().min(1),
  tokens_per_minute: z.number().int().min(1).optional(),
  /** Which budget: holders with the same key share it. Default: the call's deployment or model, else "default". */
  key: z.string().min(1).optional(),
  /** Length of the counting window; the per-minute budgets are scaled to it. */
  window_seconds: z.number().gt(0).default(60),
  /** Pause every holder of the key when the model answers 429 or reports its quota spent. */
  backoff_on_429: z.boolean().default(true),
  /** Pause after a 429 that names no retry-after. */
  default_retry_after_seconds: z.number().min(0).default(1),
  blob_prefix: z.string().min(1).default('ratelimit'),
  /** Without a token limit: most admissions one storage write may claim for callers waiting in this process. */
  max_claim: z.number().int().min(1).default(8),
});
export type SharedLimiterOptions = z.infer<typeof SharedLimiterOptionsSchema>;

/** A blob-safe, collision-free folder name for a key. */
export function keySegment(key: string): string {
  const slug = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48);
  return `${slug}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/**
 * `shared`: one request/token budget per key for every activity instance and process, kept
 * in the run's Blob Storage (see sharedLedger.ts for why the counts are exact across
 * processes). Callers in one process take turns, so only processes contend for a position,
 * and without a token limit one write claims admissions for every caller already queued.
 * 429s and `x-ratelimit-remaining-*: 0` pause all holders of the key: the pause is written
 * into the chain that every holder reads before its next admission.
 */
export type SharedLimiter = RateLimiter & {
  /** Resolves when background writes (pauses, token corrections, clean-up) have finished. */
  settle(): Promise<void>;
};

export function createSharedLimiter(config: SharedLimiterOptions, deps: Pick<PluginDeps, 'blobs' | 'clock' | 'logger'>): SharedLimiter {
  const blobs = deps.blobs;
  if (!blobs) {
    throw new AppError('CONFIG_INVALID', "rate limiter 'shared' needs the run's blob storage; it can only run inside a run");
  }
  const windowInMs = config.window_seconds * 1000;
  const scale = config.window_seconds / 60;
  const limits = {
    requests: Math.max(1, Math.floor(config.requests_per_minute * scale)),
    tokens: config.tokens_per_minute === undefined ? undefined : Math.max(1, Math.floor(config.tokens_per_minute * scale)),
  };
  const budgets = new Map<string, KeyBudget>();
  const reservations = new WeakMap<object, { budget: KeyBudget; window: number; estimate: number }>();

  const budgetFor = (meta: Record<string, unknown>): KeyBudget => {
    const key = config.key ?? firstText(meta.deployment, meta.model) ?? 'default';
    let budget = budgets.get(key);
    if (!budget) {
      const ledger = createLedger(blobs, `${config.blob_prefix}/${keySegment(key)}/${windowInMs}`);
      budget = createKeyBudget({ ledger, clock: deps.clock, logger: deps.logger, windowInMs, limits, maxClaim: config.max_claim, key });
      budgets.set(key, budget);
    }
    return budget;
  };

  const pause = (budget: KeyBudget, untilInMs: number, reason: string) => {
    if (!config.backoff_on_429) return;
    budget.pauseUntil(untilInMs, reason);
  };

  return {
    settle: async () => {
      await Promise.all([...budgets.values()].map((budget) => budget.settle()));
    },
    async acquire(meta, abortSignal) {
      const budget = budgetFor(meta);
      const estimate = limits.tokens === undefined ? 0 : estimatedTokensOf(meta);
      const window = await budget.admit(estimate, abortSignal);
      reservations.set(meta, { budget, window, estimate });
      return () => undefined;
    },
    utilization: () => Math.max(0, ...[...budgets.values()].map((budget) => budget.utilization())),
    updateUsage(response, meta) {
      const reservation = reservations.get(meta);
      const budget = reservation?.budget ?? budgetFor(meta);
      if (quotaExhausted(response.headers)) {
        const now = deps.clock.now();
        pause(budget, (Math.floor(now / windowInMs) + 1) * windowInMs, 'x-ratelimit-remaining at 0');
      }
      const used = usedTokensOf(response);
      if (reservation && limits.tokens !== undefined && used !== undefined && used !== reservation.estimate) {
        budget.adjustTokens(reservation.window, used - reservation.estimate);
      }
    },
    onError(error, meta) {
      const signal = rateLimitSignalOf(error);
      if (!signal) return;
      const waitInMs = signal.retryAfterInMs ?? config.default_retry_after_seconds * 1000;
      pause(reservations.get(meta)?.budget ?? budgetFor(meta), deps.clock.now() + waitInMs, '429 from the model');
    },
  };
}

function firstText(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

export const sharedRateLimiter = definePlugin({
  name: 'shared',
  kind: 'rateLimiter',
  description: 'One requests/tokens-per-minute budget for every worker and process, kept in Blob Storage; backs off on 429s.',
  configSchema: SharedLimiterOptionsSchema,
  create: (config, deps) => createSharedLimiter(config, deps),
});
