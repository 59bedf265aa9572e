import { z } from 'zod';
import { roundFloat } from '../python';
import type { ExperimentRecord } from '../engine/records';
import { presentValues, scoreTable } from './scoreTable';

/** A usable score: a number that is not NaN (docs/original-behaviour.md §3.0). */
export function isScore(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

function nestedMap(record: ExperimentRecord, field: string): Record<string, unknown> | undefined {
  const metrics = record.metrics;
  if (metrics === null || metrics === undefined) return undefined;
  const value = metrics[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `metrics.scores` (or another nested field) of one record, if it is a map. */
export function scoresOf(record: ExperimentRecord, field = 'scores'): Record<string, unknown> | undefined {
  return nestedMap(record, field);
}

/** Unpaired collection: one list per criterion, in record order, skipping unusable values (docs/original-behaviour.md §3.0). */
export function collectScores(records: readonly ExperimentRecord[], field = 'scores'): Map<string, number[]> {
  const table = scoreTable(records, field);
  const byCriterion = new Map<string, number[]>();
  for (const [criterion, column] of table.scores) {
    const values = presentValues(column);
    if (values.length > 0) byCriterion.set(criterion, values);
  }
  return byCriterion;
}

/** Python's string ordering (by code point), for `sorted(...)` parity. */
export function comparePython(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Criteria present in both groups, sorted, filtered by the optional `criteria` option. */
export function sharedCriteria(
  baseline: Iterable<string>,
  variant: Iterable<string>,
  only?: readonly string[] | null,
): string[] {
  const inVariant = new Set(variant);
  const wanted = only && only.length > 0 ? new Set(only) : undefined;
  return [...new Set(baseline)]
    .filter((criterion) => inVariant.has(criterion) && (!wanted || wanted.has(criterion)))
    .sort(comparePython);
}

export interface GroupedScores {
  criteria: string[];
  baseline: Map<string, number[]>;
  variant: Map<string, number[]>;
}

/** Unpaired scores of both payloads and the criteria they share (sorted, filtered). */
export function groupScores(
  baseline: readonly ExperimentRecord[],
  variant: readonly ExperimentRecord[],
  only?: readonly string[] | null,
): GroupedScores {
  const base = collectScores(baseline);
  const other = collectScores(variant);
  return { criteria: sharedCriteria(base.keys(), other.keys(), only), baseline: base, variant: other };
}

/**
 * The unpaired per-criterion loop most baseline plugins share: `compute` runs on each
 * criterion both experiments scored, when both groups hold at least `minSamples` values;
 * an undefined result leaves the criterion out.
 */
export function compareByCriterion<T>(
  baseline: readonly ExperimentRecord[],
  variant: readonly ExperimentRecord[],
  options: { criteria?: readonly string[] | null; minSamples: number },
  compute: (baselineScores: number[], variantScores: number[], criterion: string) => T | undefined,
): Record<string, T> {
  const groups = groupScores(baseline, variant, options.criteria);
  const output: Record<string, T> = {};
  for (const criterion of groups.criteria) {
    const b = groups.baseline.get(criterion)!;
    const v = groups.variant.get(criterion)!;
    if (b.length < options.minSamples || v.length < options.minSamples) continue;
    const result = compute(b, v, criterion);
    if (result !== undefined) output[criterion] = result;
  }
  return output;
}

/** Optional list of criteria, as every analytics plugin accepts it. */
export const CriteriaOptionSchema = z.array(z.string()).nullish();

/** Python's round(x, digits): the one implementation in core/python (issue 11 §5). */
export function roundTo(value: number, digits: number): number {
  return roundFloat(value, digits);
}
