/**
 * Jensen–Shannon divergence of two score samples on shared histogram bins, with the
 * original's binning: numpy's "auto" rule (min of Freedman–Diaconis and Sturges widths,
 * estimated from the baseline only) over a range that, in compat mode, always includes 0.
 */
import { maximum, minimum, percentileSorted, sortedCopy, sum } from './descriptive';

export interface JsOptions {
  /** The original's range [min(…, 0), max(…, 0)]; otherwise the data range only. */
  includeZero: boolean;
}

function autoBinCount(baseline: Float64Array, low: number, high: number): number {
  const n = baseline.length;
  const sturges = (baseline[n - 1]! - baseline[0]!) / (Math.log2(n) + 1);
  const iqr = percentileSorted(baseline, 75) - percentileSorted(baseline, 25);
  const fd = 2 * iqr * n ** (-1 / 3);
  const width = fd > 0 ? Math.min(fd, sturges) : sturges;
  return width > 0 ? Math.ceil((high - low) / width) : 1;
}

/** numpy's `linspace(low, high, bins + 1)`: start + i·step, the last edge exactly `high`. */
function binEdges(low: number, high: number, bins: number): Float64Array {
  const step = (high - low) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => i * step + low);
  edges[bins] = high;
  return edges;
}

/** numpy's `histogram(values, edges, density=True)`, including its edge-rounding fix-ups. */
function densityHistogram(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const low = edges[0]!;
  const high = edges[bins]!;
  const counts = new Float64Array(bins);
  const norm = bins / (high - low);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < low || value > high) continue;
    let bin = Math.trunc((value - low) * norm);
    if (bin === bins) bin -= 1;
    if (value < edges[bin]!) bin -= 1;
    else if (bin !== bins - 1 && value >= edges[bin + 1]!) bin += 1;
    counts[bin]! += 1;
    total += 1;
  }
  return counts.map((count, i) => count / (edges[i + 1]! - edges[i]!) / total);
}

/** Adds 1e-12 to every bin and renormalises to sum 1, as the original does. */
function smooth(density: Float64Array): Float64Array {
  const shifted = density.map((value) => value + 1e-12);
  const total = sum(shifted);
  return shifted.map((value) => value / total);
}

export function jensenShannon(baseline: ArrayLike<number>, variant: ArrayLike<number>, options: JsOptions): { divergence: number; bins: number } {
  const sorted = sortedCopy(baseline);
  const extra = options.includeZero ? [0] : [];
  const low = Math.min(minimum(sorted), minimum(variant), ...extra);
  const high = Math.max(maximum(sorted), maximum(variant), ...extra);
  if (!(high > low)) return { divergence: 0, bins: 1 };
  const bins = autoBinCount(sorted, low, high);
  const edges = binEdges(low, high, bins);
  const p = smooth(densityHistogram(sorted, edges));
  const q = smooth(densityHistogram(variant, edges));
  const m = p.map((value, i) => (value + q[i]!) / 2);
  const klP = sum(p.map((value, i) => value * Math.log(value / m[i]!)));
  const klQ = sum(q.map((value, i) => value * Math.log(value / m[i]!)));
  return { divergence: 0.5 * klP + 0.5 * klQ, bins };
}
