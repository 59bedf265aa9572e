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
  /** Callers of this process about to ask for an admission (queued ahead of the ledger). */
  demand?: () => number;
  /** For logs only. */
  key: string;
}

export interface KeyBudget {
  /** Resolves at the admission's time slot, with the window it counted in. */
  admit(estimate: number, abortSignal?: AbortSignal): Promise<number>;
  utilization(): number;
  /** The latest pause this process knows of, its own or another holder's (epoch ms). */
  pausedUntil(): number;
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

/**
 * One key's budget in this process: the local turn queue, the cached chain head, pauses, and
 * the time slots it claimed. A window of W ms with a budget of N requests has N slots, W/N ms
 * apart; each admission takes the next free slot of the current window (written in the
 * ledger, so every process shares one schedule) and starts at its time.
 */
export function createKeyBudget(options: KeyBudgetOptions): KeyBudget {
  const { ledger, clock, windowInMs, limits } = options;
  const spacing = windowInMs / limits.requests;
  const turns = createTurns();
  let head: ChainHead | undefined;
  let localPauseUntil = 0;
  /** Slots this process claimed in one entry for its waiting callers, usable in that window only. */
  let credits = { window: -1, slots: [] as number[] };
  let waiting = 0;

  const windowOf = (now: number) => Math.floor(now / windowInMs);
  /** Caches the newest head, whichever task learned it, and hands back the one given. */
  const remember = (next: ChainHead): ChainHead => {
    if (!head || next.window > head.window || (next.window === head.window && next.seq > head.seq)) head = next;
    return next;
  };
  const headFor = async (window: number): Promise<ChainHead> =>
    head && head.window === window ? head : remember(await ledger.discover(window));
  const tokensFit = (totals: WindowTotals, estimate: number) =>
    limits.tokens === undefined || totals.requests === 0 || totals.tokens + estimate <= limits.tokens;

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

  /**
   * Waits for the slot, unless a pause arrived meanwhile (then the slot is given up). A caller
   * that wakes after its slot's window has ended (a stalled event loop, a loaded host) gives
   * the slot up too: sent now, it would land in a window whose budget other holders are
   * already spending, and late callers released together would arrive as a burst.
   */
  const startAt = async (slot: number, abortSignal?: AbortSignal): Promise<boolean> => {
    const now = clock.now();
    if (slot > now) await clock.sleep(slot - now, abortSignal);
    const woke = clock.now();
    return localPauseUntil <= woke && windowOf(woke) === windowOf(slot);
  };

  const admitOnce = async (estimate: number, abortSignal?: AbortSignal): Promise<number> => {
    for (;;) {
      abortSignal?.throwIfAborted();
      const now = clock.now();
      const window = windowOf(now);
      if (credits.window === window && credits.slots.length > 0) {
        if (await startAt(credits.slots.shift()!, abortSignal)) return window;
        continue;
      }
      const current = await headFor(window);
      const pausedUntil = Math.max(current.totals.pausedUntil, localPauseUntil);
      if (pausedUntil > now) {
        await clock.sleep(pausedUntil - now, abortSignal);
        continue;
      }
      const windowEnd = (window + 1) * windowInMs;
      const first = Math.max(now, current.totals.nextSlotAt);
      // Slots end with the window; the next window's first may follow its last by less than the
      // spacing, so any W ms (not only a window) holds at most one call more than the budget.
      const free = Math.min(limits.requests - current.totals.requests, Math.ceil((windowEnd - first) / spacing));
      if (free < 1 || !tokensFit(current.totals, estimate)) {
        await clock.sleep(Math.max(1, windowEnd - now), abortSignal);
        continue;
      }
      // Without a token limit, one write can claim slots for every caller already queued here (throughput).
      const claim = limits.tokens === undefined ? Math.max(1, Math.min(options.maxClaim, waiting + (options.demand?.() ?? 0), free)) : 1;
      const next = { ...current.totals, requests: current.totals.requests + claim, tokens: current.totals.tokens + estimate, nextSlotAt: first + claim * spacing };
      const written = await ledger.append(current, next, 'acquire');
      if (!written) {
        remember(await ledger.advance(current));
        continue;
      }
      remember(written);
      credits = { window, slots: Array.from({ length: claim - 1 }, (_, i) => first + (i + 1) * spacing) };
      if (written.seq === 0) background('cleanup', () => ledger.cleanup(window - 2, now - windowInMs));
      if (await startAt(first, abortSignal)) return window;
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
    /** How far ahead the known schedule runs, as a share of a second (1 while paused). */
    utilization() {
      const now = clock.now();
      if (Math.max(localPauseUntil, head?.totals.pausedUntil ?? 0) > now) return 1;
      if (!head) return 0;
      const full = head.window === windowOf(now) && !tokensFit(head.totals, 1) ? 1 : 0;
      return Math.min(1, Math.max(full, (head.totals.nextSlotAt - now) / 1000, 0));
    },
    pausedUntil: () => Math.max(localPauseUntil, head?.totals.pausedUntil ?? 0),
    pauseUntil(untilInMs, reason) {
      if (untilInMs <= localPauseUntil) return;
      localPauseUntil = untilInMs;
      credits = { window: -1, slots: [] };
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
