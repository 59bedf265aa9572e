import { z } from 'zod';
import type { ExperimentRecord } from '../engine/records';
import { CELL_SCORE, scoreTable } from './scoreTable';

/**
 * How paired plugins match baseline and variant rows (docs/original-behaviour.md §12.2 item 13): `index` pairs by
 * position (the original's rule for practical and flip analysis), any other value names a
 * row column (`id` falls back to the record id when the row has no such column).
 */
export const PairBySchema = z.string().min(1);

export interface RecordPair {
  key: string;
  baseline: ExperimentRecord;
  variant: ExperimentRecord;
  /** Positions of the two records in their `results` arrays. */
  baselineIndex: number;
  variantIndex: number;
}

/** The scores of one criterion over the pairs where both sides are usable. */
export interface PairedColumn {
  baseline: number[];
  variant: number[];
}

function keyOf(record: ExperimentRecord, column: string): string | undefined {
  const value = record.row?.[column];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (column === 'id' && value === undefined) return record.id;
  return undefined;
}

/**
 * Baseline–variant record pairs. With a column, a key repeated on either side resolves to its
 * last row, as the original's `{row["id"]: record}` dicts resolve it (docs/original-behaviour.md §3.14
 * outlier_detection); pairs come in the order each key first appears in the baseline.
 */
export function pairRecords(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], pairBy: string): RecordPair[] {
  if (pairBy === 'index') {
    const count = Math.min(baseline.length, variant.length);
    return Array.from({ length: count }, (_, i) => ({ key: String(i), baseline: baseline[i]!, variant: variant[i]!, baselineIndex: i, variantIndex: i }));
  }
  const lastByKey = (records: readonly ExperimentRecord[]) => {
    const byKey = new Map<string, number>();
    records.forEach((record, index) => {
      const key = keyOf(record, pairBy);
      if (key !== undefined) byKey.set(key, index);
    });
    return byKey;
  };
  const variantByKey = lastByKey(variant);
  const pairs: RecordPair[] = [];
  for (const [key, baselineIndex] of lastByKey(baseline)) {
    const variantIndex = variantByKey.get(key);
    if (variantIndex !== undefined) pairs.push({ key, baseline: baseline[baselineIndex]!, variant: variant[variantIndex]!, baselineIndex, variantIndex });
  }
  return pairs;
}

const pairCache = new WeakMap<readonly ExperimentRecord[], WeakMap<readonly ExperimentRecord[], Map<string, { lengths: string; pairs: RecordPair[] }>>>();

/** `pairRecords`, computed once per (baseline, variant, pair_by) while the arrays keep their lengths. Do not mutate the result. */
export function pairRecordsCached(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], pairBy: string): RecordPair[] {
  const byVariant = pairCache.get(baseline) ?? new WeakMap();
  pairCache.set(baseline, byVariant);
  const byKey = byVariant.get(variant) ?? new Map<string, { lengths: string; pairs: RecordPair[] }>();
  byVariant.set(variant, byKey);
  const lengths = `${baseline.length}/${variant.length}`;
  const cached = byKey.get(pairBy);
  if (cached && cached.lengths === lengths) return cached.pairs;
  const pairs = pairRecords(baseline, variant, pairBy);
  byKey.set(pairBy, { lengths, pairs });
  return pairs;
}

const pairedCache = new WeakMap<readonly RecordPair[], Map<string, Map<string, PairedColumn>>>();

/** Per criterion (baseline order), the scores of the pairs where both sides are usable (cached per pairs array; do not mutate). */
export function pairedScores(
  pairs: readonly RecordPair[],
  baseline: readonly ExperimentRecord[],
  variant: readonly ExperimentRecord[],
  field = 'scores',
): Map<string, PairedColumn> {
  const byField = pairedCache.get(pairs) ?? new Map<string, Map<string, PairedColumn>>();
  pairedCache.set(pairs, byField);
  const cached = byField.get(field);
  if (cached) return cached;
  const result = pairedScoresOnce(pairs, baseline, variant, field);
  byField.set(field, result);
  return result;
}

function pairedScoresOnce(
  pairs: readonly RecordPair[],
  baseline: readonly ExperimentRecord[],
  variant: readonly ExperimentRecord[],
  field: string,
): Map<string, PairedColumn> {
  const before = scoreTable(baseline, field);
  const after = scoreTable(variant, field);
  const byCriterion = new Map<string, PairedColumn>();
  for (const [criterion, left] of before.scores) {
    const right = after.scores.get(criterion);
    if (!right) continue;
    const column: PairedColumn = { baseline: [], variant: [] };
    for (const pair of pairs) {
      if (left.state[pair.baselineIndex] !== CELL_SCORE || right.state[pair.variantIndex] !== CELL_SCORE) continue;
      column.baseline.push(left.values[pair.baselineIndex]!);
      column.variant.push(right.values[pair.variantIndex]!);
    }
    if (column.baseline.length > 0) byCriterion.set(criterion, column);
  }
  return byCriterion;
}
