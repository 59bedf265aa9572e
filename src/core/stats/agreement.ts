/**
 * Agreement between criteria scored on the same records: Cronbach's alpha (textbook, or the
 * original's formula), mean pairwise Pearson r, and Krippendorff's alpha (interval metric).
 * A matrix has one row per unit and one column per criterion; NaN marks a missing value.
 */
import { mean, pearson, sum, variance } from './descriptive';

export type Matrix = Float64Array[];

function column(matrix: Matrix, j: number): number[] {
  return matrix.map((row) => row[j]!).filter((value) => !Number.isNaN(value));
}

/** Textbook α = k/(k−1)·(1 − Σ item variances / variance of row totals), complete rows only. */
export function cronbachAlpha(matrix: Matrix): number | null {
  const complete = matrix.filter((row) => row.every((value) => !Number.isNaN(value)));
  const k = matrix[0]?.length ?? 0;
  if (k < 2 || complete.length < 2) return null;
  const itemVariances = Array.from({ length: k }, (_, j) => variance(complete.map((row) => row[j]!), 1));
  const totalVariance = variance(complete.map((row) => sum(row)), 1);
  if (!(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - sum(itemVariances) / totalVariance);
}

/** The original's α: the denominator is the variance of all cells flattened (NaN-aware). */
export function cronbachAlphaCompat(matrix: Matrix): number | null {
  const k = matrix[0]?.length ?? 0;
  if (k < 2) return null;
  const itemVariances = Array.from({ length: k }, (_, j) => variance(column(matrix, j), 1));
  const cells = matrix.flatMap((row) => Array.from(row)).filter((value) => !Number.isNaN(value));
  const totalVariance = variance(cells, 1);
  if (!(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - sum(itemVariances) / totalVariance);
}

/** Mean Pearson r over column pairs, each on rows where both are present (≥ 2 rows). */
export function averageCorrelation(matrix: Matrix): number | null {
  const k = matrix[0]?.length ?? 0;
  const correlations: number[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const rows = matrix.filter((row) => !Number.isNaN(row[a]!) && !Number.isNaN(row[b]!));
      if (rows.length < 2) continue;
      const r = pearson(rows.map((row) => row[a]!), rows.map((row) => row[b]!));
      if (!Number.isNaN(r)) correlations.push(r);
    }
  }
  return correlations.length > 0 ? mean(correlations) : null;
}

/** Σ over ordered pairs i ≠ j of (v_i − v_j)² = 2(n·Σv² − (Σv)²). */
function pairSquares(values: readonly number[]): number {
  let total = 0;
  let squares = 0;
  for (const value of values) {
    total += value;
    squares += value * value;
  }
  return 2 * (values.length * squares - total * total);
}

/** Krippendorff's α with the interval metric; units with fewer than two values are not pairable. */
export function krippendorffAlphaInterval(matrix: Matrix): number | null {
  const units = matrix.map((row) => Array.from(row).filter((value) => !Number.isNaN(value))).filter((unit) => unit.length >= 2);
  const pooled = units.flat();
  const n = pooled.length;
  if (n < 2) return null;
  let observed = 0;
  for (const unit of units) observed += pairSquares(unit) / (unit.length - 1);
  observed /= n;
  const expected = pairSquares(pooled) / (n * (n - 1));
  if (!(expected > 0)) return null;
  return 1 - observed / expected;
}
