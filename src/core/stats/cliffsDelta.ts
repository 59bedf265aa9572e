import { sortedCopy } from './descriptive';

/** Cliff's δ in O(n log n): for each baseline value, #variant above minus #variant below. */
export type CliffsLabel = 'negligible' | 'small' | 'medium' | 'large' | 'no_data';

function countBelow(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countAtOrBelow(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positive when the variant tends to be larger. */
export function cliffsDelta(baseline: ArrayLike<number>, variant: ArrayLike<number>): number {
  const sortedVariant = sortedCopy(variant);
  const nv = sortedVariant.length;
  let dominance = 0;
  for (let i = 0; i < baseline.length; i++) {
    const x = baseline[i]!;
    dominance += nv - countAtOrBelow(sortedVariant, x) - countBelow(sortedVariant, x);
  }
  return dominance / (baseline.length * nv);
}

export function interpretCliffs(delta: number): CliffsLabel {
  const size = Math.abs(delta);
  if (size < 0.147) return 'negligible';
  if (size < 0.33) return 'small';
  if (size < 0.474) return 'medium';
  return 'large';
}
