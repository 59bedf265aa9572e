import { errorMessage } from '../../core/errors';
import type { Clock, Logger } from '../../core/ports';
import type { ChainHead, EntryKind, Ledger, WindowTotals } from './sharedLedger';

export interface KeyBudgetOptions {
  ledger: Ledger;
  clock: Clock;
  logger: Logger;
  windowInMs: number;
  limits: { requests: number; tokens?: number };
  /** Most admissions one entry may claim for callers already waiting in this process. */
  maxClaim: number;
  /** For logs only. */
  key: string;
}

export interface KeyBudget {
  /** Resolves, with the window it counted in, once this process won an admission. */
  admit(estimate: number, abortSignal?: AbortSignal): Promise<number>;
  utilization(): number;
  /** Pauses this process at once and every other holder from its next admission on. */
  pauseUntil(untilInMs: number, reason: string): void;
  /** Corrects a window's token count by the difference between real and estimated tokens. */
  adjustTokens(window: number, delta: number): void;
  /** Resolves when every background write started so far has finished. */
  settle(): Promise<void>;
}

/** How many times a background write (pause, usage) retries a lost position before giving up. */
const MAX_BACKGROUND_TRIES = 20;

/** Runs tasks one after another, in call order. */
function createTurns(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** One key's budget in this process: the local turn queue, the cached chain head, pauses. */
export function createKeyBudget(options: KeyBudgetOptions): KeyBudget {
  const { ledger, clock, windowInMs, limits } = options;
  const turns = createTurns();
  let head: ChainHead | undefined;
  let localPauseUntil = 0;
  /** Admissions this process claimed in one entry for its waiting callers, usable in that window only. */
  let credits = { window: -1, count: 0 };
  let waiting = 0;

  const windowOf = (now: number) => Math.floor(now / windowInMs);
  /** Caches the newest head, whichever task learned it, and hands back the one given. */
  const remember = (next: ChainHead): ChainHead => {
    if (!head || next.window > head.window || (next.window === head.window && next.seq > head.seq)) head = next;
    return next;
  };
  const headFor = async (window: number): Promise<ChainHead> =>
    head && head.window === window ? head : remember(await ledger.discover(window));
  const fits = (totals: WindowTotals, estimate: number) =>
    totals.requests + 1 <= limits.requests &&
    (limits.tokens === undefined || totals.requests === 0 || totals.tokens + estimate <= limits.tokens);

  /** Appends `change(totals)` to a window's chain, catching up after every lost position. */
  const appendTo = async (window: number, kind: EntryKind, change: (totals: WindowTotals) => WindowTotals): Promise<ChainHead | undefined> => {
    let current = await headFor(window);
    for (let tries = 0; tries < MAX_BACKGROUND_TRIES; tries++) {
      const written = await ledger.append(current, change(current.totals), kind);
      if (written) return remember(written);
      current = remember(await ledger.advance(current));
    }
    return undefined;
  };

  const admitOnce = async (estimate: number, abortSignal?: AbortSignal): Promise<number> => {
    for (;;) {
      abortSignal?.throwIfAborted();
      const now = clock.now();
      const window = windowOf(now);
      const current = await headFor(window);
      const pausedUntil = Math.max(current.totals.pausedUntil, localPauseUntil);
      if (pausedUntil > now) {
        await clock.sleep(pausedUntil - now, abortSignal);
        continue;
      }
      if (credits.window === window && credits.count > 0) {
        credits.count -= 1;
        return window;
      }
      if (!fits(current.totals, estimate)) {
        await clock.sleep(Math.max(1, (window + 1) * windowInMs - now), abortSignal);
        continue;
      }
      // Without a token limit, one write can admit every caller already queued here (throughput).
      const claim = limits.tokens === undefined ? Math.max(1, Math.min(options.maxClaim, waiting, limits.requests - current.totals.requests)) : 1;
      const next = { ...current.totals, requests: current.totals.requests + claim, tokens: current.totals.tokens + estimate };
      const written = await ledger.append(current, next, 'acquire');
      if (!written) {
        remember(await ledger.advance(current));
        continue;
      }
      remember(written);
      credits = { window, count: claim - 1 };
      if (written.seq === 0) background('cleanup', () => ledger.cleanup(window - 2, now - windowInMs));
      return window;
    }
  };

  const pending = new Set<Promise<unknown>>();
  const background = (what: string, task: () => Promise<unknown>) => {
    const running = task().catch((error: unknown) => {
      options.logger.warn('[rate_limiter.shared] background write failed', { key: options.key, task: what, error: errorMessage(error) });
    });
    pending.add(running);
    void running.finally(() => pending.delete(running));
  };

  return {
    admit: async (estimate, abortSignal) => {
      waiting += 1;
      try {
        return await turns(() => admitOnce(estimate, abortSignal));
      } finally {
        waiting -= 1;
      }
    },
    settle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    utilization() {
      const now = clock.now();
      if (Math.max(localPauseUntil, head?.totals.pausedUntil ?? 0) > now) return 1;
      if (!head || head.window !== windowOf(now)) return 0;
      const tokenShare = limits.tokens === undefined ? 0 : head.totals.tokens / limits.tokens;
      return Math.min(1, Math.max(head.totals.requests / limits.requests, tokenShare));
    },
    pauseUntil(untilInMs, reason) {
      if (untilInMs <= localPauseUntil) return;
      localPauseUntil = untilInMs;
      credits = { window: -1, count: 0 };
      options.logger.warn('[rate_limiter.shared] pausing every holder of the key', { key: options.key, reason, pausedUntil: new Date(untilInMs).toISOString() });
      const window = windowOf(clock.now());
      const paused = (totals: WindowTotals) => ({ ...totals, pausedUntil: Math.max(totals.pausedUntil, untilInMs) });
      background('pause', async () => {
        await ledger.writePauseMarker(untilInMs);
        await appendTo(window, 'pause', paused);
        // A window that starts while the marker is being written may have missed it.
        if (untilInMs > (window + 1) * windowInMs) await appendTo(window + 1, 'pause', paused);
      });
    },
    adjustTokens(window, delta) {
      const stillCurrent = () => windowOf(clock.now()) === window;
      const adjusted = (totals: WindowTotals) => ({ ...totals, tokens: Math.max(0, totals.tokens + delta) });
      // In turn with admissions, and only while the window lasts: a past window's count no longer matters.
      if (stillCurrent()) background('usage', () => turns(async () => (stillCurrent() ? appendTo(window, 'usage', adjusted) : undefined)));
    },
  };
}
