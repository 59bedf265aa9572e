/** Average ranks (1-based, ties share their mean rank) and the size of every tie group. */
export interface Ranking {
  ranks: Float64Array;
  tieSizes: number[];
}

export function rankAverage(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = averageRank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups, the usual tie correction term. */
export function tieTerm(tieSizes: readonly number[]): number {
  let total = 0;
  for (const t of tieSizes) total += t * t * t - t;
  return total;
}
