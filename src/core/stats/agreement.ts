/**
 * Agreement between criteria scored on the same records: Cronbach's alpha (textbook, or the
 * original's formula), mean pairwise Pearson r, and Krippendorff's alpha (interval metric).
 * The data are column-major: one Float64Array per criterion, one position per unit (row);
 * NaN marks a missing value.
 */
import { mean, pearson, pick, sum, variance } from './descriptive';

export type Columns = Float64Array[];

function rowCount(columns: Columns): number {
  return columns[0]?.length ?? 0;
}

function present(column: Float64Array, rows?: Int32Array): Float64Array {
  const source = rows ? pick(column, rows) : column;
  return source.filter((value) => !Number.isNaN(value));
}

function completeRows(columns: Columns): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < rowCount(columns); row++) {
    let complete = true;
    for (const column of columns) complete &&= !Number.isNaN(column[row]!);
    if (complete) rows.push(row);
  }
  return Int32Array.from(rows);
}

/** Textbook α = k/(k−1)·(1 − Σ item variances / variance of row totals), complete rows only. */
export function cronbachAlpha(columns: Columns): number | null {
  const k = columns.length;
  const rows = completeRows(columns);
  if (k < 2 || rows.length < 2) return null;
  const items = columns.map((column) => pick(column, rows));
  const totals = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let total = 0;
    for (const item of items) total += item[i]!;
    totals[i] = total;
  }
  const totalVariance = variance(totals, 1);
  if (!(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - sum(items.map((item) => variance(item, 1))) / totalVariance);
}

/** The original's α: the denominator is the variance of all cells flattened (NaN-aware). */
export function cronbachAlphaCompat(columns: Columns): number | null {
  const k = columns.length;
  if (k < 2) return null;
  const itemVariances = columns.map((column) => variance(present(column), 1));
  // numpy flattens row by row.
  const cells: number[] = [];
  for (let row = 0; row < rowCount(columns); row++) for (const column of columns) if (!Number.isNaN(column[row]!)) cells.push(column[row]!);
  const totalVariance = variance(cells, 1);
  if (!(totalVariance > 0)) return null;
  const alpha = (k / (k - 1)) * (1 - sum(itemVariances) / totalVariance);
  // An item with a single value has no variance: the original's NaN becomes null here.
  return Number.isFinite(alpha) ? alpha : null;
}

/** Mean Pearson r over column pairs, each on rows where both are present (≥ 2 rows). */
export function averageCorrelation(columns: Columns): number | null {
  const correlations: number[] = [];
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const left = columns[a]!;
      const right = columns[b]!;
      const rows: number[] = [];
      for (let row = 0; row < left.length; row++) if (!Number.isNaN(left[row]!) && !Number.isNaN(right[row]!)) rows.push(row);
      if (rows.length < 2) continue;
      const r = pearson(pick(left, rows), pick(right, rows));
      if (!Number.isNaN(r)) correlations.push(r);
    }
  }
  return correlations.length > 0 ? mean(correlations) : null;
}

/** Krippendorff's α with the interval metric; units with fewer than two values are not pairable. */
export function krippendorffAlphaInterval(columns: Columns): number | null {
  let n = 0;
  let total = 0;
  let squares = 0;
  let observed = 0;
  for (let row = 0; row < rowCount(columns); row++) {
    let count = 0;
    let unitSum = 0;
    let unitSquares = 0;
    for (const column of columns) {
      const value = column[row]!;
      if (Number.isNaN(value)) continue;
      count++;
      unitSum += value;
      unitSquares += value * value;
    }
    if (count < 2) continue;
    // Σ over ordered pairs i ≠ j of (v_i − v_j)² = 2(m·Σv² − (Σv)²).
    observed += (2 * (count * unitSquares - unitSum * unitSum)) / (count - 1);
    n += count;
    total += unitSum;
    squares += unitSquares;
  }
  if (n < 2) return null;
  const expected = (2 * (n * squares - total * total)) / (n * (n - 1));
  if (!(expected > 0)) return null;
  return 1 - observed / n / expected;
}
