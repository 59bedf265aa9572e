/**
 * A small seeded generator (mulberry32): deterministic across platforms, so bootstrap
 * intervals are reproducible from their seed. Not for cryptography.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [0, bound). */
  nextInt: (bound: number) => number;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (bound) => Math.floor(next() * bound) };
}
