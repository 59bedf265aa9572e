/**
 * The run-wide cap on model calls in flight, as seen from one activity: the orchestrator
 * hands each batch a number of slots so that the slots of every batch in flight add up to
 * at most `concurrency.max_workers` (docs/concurrency.md). Every attempt of every model
 * call (answers, judges, safety checks inside middleware, retries) holds one slot while it
 * is on the wire and gives it back before a retry waits.
 *
 * `setLimit` lets a controller lower or raise the usable slots (never above the size it was
 * created with), for adaptive concurrency when the deployment's quota is unknown.
 */
export interface CallSlots {
  /** Resolves with a release function once a slot is free. */
  acquire(abortSignal?: AbortSignal): Promise<() => void>;
  readonly size: number;
  readonly limit: number;
  readonly inUse: number;
  /** Usable slots, clamped to [1, size]. Calls already holding a slot keep it. */
  setLimit(limit: number): void;
}

export function createCallSlots(size: number): CallSlots {
  const capacity = Math.max(1, Math.floor(size));
  let limit = capacity;
  let inUse = 0;
  const waiters: (() => void)[] = [];

  const wakeWaiters = () => {
    while (inUse < limit && waiters.length > 0) {
      inUse++;
      waiters.shift()!();
    }
  };

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inUse--;
      wakeWaiters();
    };
  };

  return {
    get size() {
      return capacity;
    },
    get limit() {
      return limit;
    },
    get inUse() {
      return inUse;
    },
    setLimit(next) {
      limit = Math.min(capacity, Math.max(1, Math.floor(next)));
      wakeWaiters();
    },
    acquire(abortSignal) {
      if (abortSignal?.aborted) return Promise.reject(abortReason(abortSignal));
      if (inUse < limit && waiters.length === 0) {
        inUse++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          abortSignal?.removeEventListener('abort', onAbort);
          resolve(releaser());
        };
        const onAbort = () => {
          const at = waiters.indexOf(grant);
          if (at >= 0) waiters.splice(at, 1);
          reject(abortReason(abortSignal!));
        };
        abortSignal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(grant);
      });
    },
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
