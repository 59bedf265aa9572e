/** Family-wise and false-discovery adjustments of p-values (input order is kept). */
export type Adjustment = 'none' | 'bonferroni' | 'holm' | 'fdr';

export function bonferroni(pValues: readonly number[], familySize = pValues.length): number[] {
  return pValues.map((p) => Math.min(p * familySize, 1));
}

/** Holm's step-down: sorted ascending, (m − i)·p, running maximum, capped at 1. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, index], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Benjamini–Hochberg step-up: from the largest rank down, min(p·m/r, previous), capped at 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank, 1);
    adjusted[index] = running;
  }
  return adjusted;
}

export function adjustPValues(pValues: readonly number[], method: Adjustment, familySize?: number): number[] {
  if (method === 'bonferroni') return bonferroni(pValues, familySize ?? pValues.length);
  if (method === 'holm') return holm(pValues);
  if (method === 'fdr') return benjaminiHochberg(pValues);
  return [...pValues];
}
