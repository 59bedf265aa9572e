import { sortedCopy } from './descriptive';

/** Average ranks (1-based, ties share their mean rank) and the size of every tie group. */
export interface Ranking {
  ranks: Float64Array;
  /** Tie-group sizes in ascending order of value. */
  tieSizes: number[];
}

/** Sorts a typed copy (fast numeric sort), then looks each value's average rank up. */
export function rankAverage(values: ArrayLike<number>): Ranking {
  const sorted = sortedCopy(values);
  const rankOf = new Map<number, number>();
  const tieSizes: number[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    rankOf.set(sorted[start]!, (start + 1 + end) / 2);
    tieSizes.push(end - start);
    start = end;
  }
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) ranks[i] = rankOf.get(values[i]!)!;
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups, the usual tie correction term. */
export function tieTerm(tieSizes: readonly number[]): number {
  let total = 0;
  for (const t of tieSizes) total += t * t * t - t;
  return total;
}
