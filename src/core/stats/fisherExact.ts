/**
 * Fisher's exact test on a 2x2 table, two-sided as scipy's `fisher_exact`: the sum of the
 * probabilities of every table with the same margins that is no more likely than the one
 * observed (with scipy's relative tolerance of 1e-7 for ties in probability).
 */
import { gammaln } from './distributions';

/** [[a, b], [c, d]]: rows are the two groups, columns right and wrong. */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  if (n === 0 || row1 === 0 || row1 === n || col1 === 0 || col1 === n) return 1;
  const logPmf = (x: number) => logChoose(col1, x) + logChoose(n - col1, row1 - x) - logChoose(n, row1);
  const low = Math.max(0, row1 + col1 - n);
  const high = Math.min(row1, col1);
  const observed = logPmf(a);
  const threshold = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = low; x <= high; x++) {
    const value = logPmf(x);
    if (value <= threshold) p += Math.exp(value);
  }
  return Math.min(1, p);
}

function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}
