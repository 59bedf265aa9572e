import type { Clock } from '../ports';

/**
 * Callers waiting for permission to call a model, admitted in arrival order by one pump.
 * The owner says when the head may go (`due`) and counts what it admits (`onAdmit`); events
 * that can make a caller due sooner (an answer with fresh quota counts, a finished call)
 * `wake` the pump instead of everyone polling. The head's wait holds back those behind it,
 * so the order in which callers asked is the order in which they go.
 */
export interface AdmissionQueue {
  /** Resolves when admitted; rejects with the signal's reason if aborted while waiting. */
  enter(estimate: number, abortSignal?: AbortSignal): Promise<void>;
  /** Re-evaluates the head now. */
  wake(): void;
  readonly waiting: number;
}

export interface AdmissionRules {
  /** When the head, with this token estimate, may go: ≤ now to go now, Infinity to wait for `wake`. */
  due(estimate: number, now: number): number;
  /** `queuedAt`: when the caller started waiting (a schedule may make up for a late wake-up, not for idle time). */
  onAdmit(estimate: number, now: number, queuedAt: number): void;
}

interface Waiter {
  estimate: number;
  queuedAt: number;
  resolve(): void;
  reject(reason: unknown): void;
  abortSignal?: AbortSignal;
  onAbort?: () => void;
}

/** Even an "until woken" wait looks again this often, so a lost event cannot stall callers. */
const LONGEST_NAP_MS = 1000;

export function createAdmissionQueue(clock: Clock, rules: AdmissionRules): AdmissionQueue {
  const queue: Waiter[] = [];
  let pumping = false;
  let alarm: (() => void) | undefined;

  const wake = () => alarm?.();
  const nap = async (ms: number) => {
    const stop = new AbortController();
    const woken = new Promise<void>((resolve) => (alarm = resolve));
    try {
      await Promise.race([clock.sleep(ms, stop.signal).catch(() => undefined), woken]);
    } finally {
      alarm = undefined;
      stop.abort();
    }
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const head = queue[0]!;
        const now = clock.now();
        const due = rules.due(head.estimate, now);
        if (due > now) {
          await nap(Math.min(LONGEST_NAP_MS, Math.max(1, due - now)));
          continue;
        }
        queue.shift();
        head.abortSignal?.removeEventListener('abort', head.onAbort!);
        rules.onAdmit(head.estimate, now, head.queuedAt);
        head.resolve();
      }
    } finally {
      pumping = false;
    }
  };

  return {
    get waiting() {
      return queue.length;
    },
    wake,
    enter(estimate, abortSignal) {
      return new Promise<void>((resolve, reject) => {
        if (abortSignal?.aborted) return reject(abortSignal.reason as Error);
        const waiter: Waiter = { estimate, queuedAt: clock.now(), resolve, reject };
        if (abortSignal) {
          waiter.abortSignal = abortSignal;
          waiter.onAbort = () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            reject(abortSignal.reason as Error);
            wake();
          };
          abortSignal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        void pump();
      });
    },
  };
}
