/**
 * Seeded percentile bootstrap for the mean difference (variant − baseline) and Cohen's d,
 * resampling each group independently. Reproducible: the same data and seed give the
 * same interval on every platform.
 */
import { percentileSorted } from './descriptive';
import { createSeededRandom } from './random';

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  confidence: number;
}

export interface BootstrapIntervals {
  mean_difference: [number, number];
  effect_size: [number, number] | null;
}

interface Moments {
  mean: number;
  variance: number;
}

function resampleMoments(values: ArrayLike<number>, nextInt: (bound: number) => number): Moments {
  const n = values.length;
  let total = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const value = values[nextInt(n)]!;
    total += value;
    squares += value * value;
  }
  const mean = total / n;
  return { mean, variance: n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0 };
}

function interval(sorted: Float64Array, confidence: number): [number, number] {
  const tail = ((1 - confidence) / 2) * 100;
  return [percentileSorted(sorted, tail), percentileSorted(sorted, 100 - tail)];
}

export function bootstrapIntervals(baseline: ArrayLike<number>, variant: ArrayLike<number>, options: BootstrapOptions): BootstrapIntervals {
  const random = createSeededRandom(options.seed);
  const differences = new Float64Array(options.resamples);
  const effects: number[] = [];
  const nb = baseline.length;
  const nv = variant.length;
  for (let r = 0; r < options.resamples; r++) {
    const b = resampleMoments(baseline, random.nextInt);
    const v = resampleMoments(variant, random.nextInt);
    differences[r] = v.mean - b.mean;
    const pooled = ((nb - 1) * b.variance + (nv - 1) * v.variance) / (nb + nv - 2);
    if (pooled > 0) effects.push((v.mean - b.mean) / Math.sqrt(pooled));
  }
  differences.sort();
  const effectSizes = Float64Array.from(effects).sort();
  return {
    mean_difference: interval(differences, options.confidence),
    // d is undefined in resamples without spread; an interval needs most resamples to have one.
    effect_size: effects.length >= options.resamples / 2 ? interval(effectSizes, options.confidence) : null,
  };
}

/** Percentile interval of the mean of paired differences, resampling pairs. */
export function bootstrapMeanInterval(differences: ArrayLike<number>, options: BootstrapOptions): [number, number] {
  const random = createSeededRandom(options.seed);
  const means = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) means[r] = resampleMoments(differences, random.nextInt).mean;
  means.sort();
  return interval(means, options.confidence);
}
