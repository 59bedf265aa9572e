import { isScore, scoresOf } from '../../analytics/scores';
import type { ExperimentRecord, FailureRecord } from '../../engine/records';

/**
 * What the HTML report needs of an experiment's rows, gathered in one pass over its
 * records (read a batch file at a time): scores per criterion for the histograms,
 * latencies for the percentiles, and failure counts by error code.
 */
export interface ExperimentDigest {
  experiment: string;
  scores: Record<string, number[]>;
  latencyInSeconds: number[];
  failuresByCode: Record<string, number>;
}

export interface DigestBuilder {
  visit(record: ExperimentRecord): void;
  addFailures(failures: readonly FailureRecord[]): void;
  result(): ExperimentDigest;
}

export function createDigestBuilder(experiment: string): DigestBuilder {
  const digest: ExperimentDigest = { experiment, scores: Object.create(null) as Record<string, number[]>, latencyInSeconds: [], failuresByCode: Object.create(null) as Record<string, number> };
  return {
    visit(record) {
      for (const [criterion, value] of Object.entries(scoresOf(record) ?? {})) {
        if (!isScore(value)) continue;
        (digest.scores[criterion] ??= []).push(value);
      }
      const latency = record.metrics?.latency_seconds;
      if (typeof latency === 'number' && Number.isFinite(latency)) digest.latencyInSeconds.push(latency);
    },
    addFailures(failures) {
      for (const failure of failures) digest.failuresByCode[failure.error_code] = (digest.failuresByCode[failure.error_code] ?? 0) + 1;
    },
    result: () => digest,
  };
}

/** Linear-interpolated percentile (numpy's default) of unsorted values; null when empty. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Equal-width bins over [min, max] shared by every experiment of a criterion. */
export function binEdges(allValues: readonly number[][], binCount = 20): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of allValues) for (const value of values) { if (value < min) min = value; if (value > max) max = value; }
  if (!Number.isFinite(min)) return [];
  if (min === max) return [min - 0.5, max + 0.5];
  const width = (max - min) / binCount;
  return Array.from({ length: binCount + 1 }, (_, index) => (index === binCount ? max : min + index * width));
}

/** Counts per bin; the last bin is closed on the right so the maximum is counted. */
export function countInBins(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  if (counts.length === 0) return counts;
  const first = edges[0]!;
  const width = (edges[edges.length - 1]! - first) / counts.length;
  for (const value of values) {
    const index = Math.min(counts.length - 1, Math.max(0, Math.floor((value - first) / width)));
    counts[index]! += 1;
  }
  return counts;
}
