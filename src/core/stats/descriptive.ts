/**
 * Descriptive statistics with numpy's arithmetic, so results match the original to the
 * last bit where practical: numpy sums with pairwise summation, takes the mean as sum/n,
 * the variance from squared deviations, and percentiles by linear interpolation.
 */

const PAIRWISE_BLOCK = 128;

/** numpy's pairwise summation of `values[start, start + count)`. */
function pairwiseSum(values: ArrayLike<number>, start: number, count: number): number {
  if (count < 8) {
    let total = 0;
    for (let i = start; i < start + count; i++) total += values[i]!;
    return total;
  }
  if (count <= PAIRWISE_BLOCK) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]!);
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += values[start + i + j]!;
    }
    let total = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < count; i++) total += values[start + i]!;
    return total;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.sum` of a contiguous array: pairwise over the whole array. */
export function sum(values: ArrayLike<number>): number {
  return pairwiseSum(values, 0, values.length);
}

export function mean(values: ArrayLike<number>): number {
  return sum(values) / values.length;
}

/** `np.var(values, ddof)`; NaN when n - ddof <= 0. */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const n = values.length;
  if (n - ddof <= 0) return Number.NaN;
  const centre = mean(values);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const deviation = values[i]! - centre;
    squares[i] = deviation * deviation;
  }
  return sum(squares) / (n - ddof);
}

/** Standard deviation, exactly 0 for a single value (the original's convention). */
export function std(values: ArrayLike<number>, ddof = 1): number {
  if (values.length === 1) return 0;
  return Math.sqrt(variance(values, ddof));
}

/** A Float64Array copy (TypedArray.set takes the fast path that `from` does not always). */
export function toFloat64(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  out.set(values);
  return out;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return toFloat64(values).sort();
}

/** numpy's linear percentile on already sorted values (q in [0, 100]). */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (q / 100) * (n - 1);
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, n - 1)]!;
  const fraction = position - below;
  // numpy's _lerp: interpolate from the nearer end to keep monotonicity.
  const difference = upper - lower;
  return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction;
}

export function percentile(values: ArrayLike<number>, q: number): number {
  return percentileSorted(sortedCopy(values), q);
}

/** `np.median`: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const middle = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function median(values: ArrayLike<number>): number {
  return medianSorted(sortedCopy(values));
}

export function minimum(values: ArrayLike<number>): number {
  let low = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < low) low = values[i]!;
  return low;
}

export function maximum(values: ArrayLike<number>): number {
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > high) high = values[i]!;
  return high;
}

/** Pearson r (numpy corrcoef arithmetic); NaN when either side has no spread. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const cross = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dx[i] = x[i]! - mx;
    dy[i] = y[i]! - my;
    cross[i] = dx[i]! * dy[i]!;
  }
  const sxx = sum(dx.map((d) => d * d));
  const syy = sum(dy.map((d) => d * d));
  return sum(cross) / Math.sqrt(sxx * syy);
}

/** `Float64Array.from(source, map)` without the iterator protocol (much faster on large arrays). */
export function mapToFloat64(source: ArrayLike<number>, map: (value: number, index: number) => number): Float64Array {
  const out = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = map(source[i]!, i);
  return out;
}

/** The values at the given positions. */
export function pick(values: ArrayLike<number>, positions: ArrayLike<number>): Float64Array {
  const out = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = values[positions[i]!]!;
  return out;
}
