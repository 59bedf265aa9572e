import type { Clock } from '../../../src/core/ports';

/**
 * A discrete-event clock: `sleep` parks the caller until the test advances time. `run` lets
 * every promise settle, then jumps to the earliest parked sleeper, until the work is done,
 * so concurrent waiters see time move exactly as they would with real timers.
 */
export function createVirtualClock(start = 1_000_000): Clock & { run<T>(work: Promise<T>): Promise<T> } {
  let now = start;
  const timers: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async run(work) {
      let done = false;
      const finished = work.finally(() => (done = true));
      for (;;) {
        await settle();
        if (done) return finished;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) return finished;
        now = Math.max(now, next.at);
        next.resolve();
      }
    },
  };
}
