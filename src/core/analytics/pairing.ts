import { z } from 'zod';
import type { ExperimentRecord } from '../engine/records';
import { isScore, scoresOf } from './scores';

/**
 * How paired plugins match baseline and variant rows (§12.2 item 13): `index` pairs by
 * position (the original's rule for practical and flip analysis), any other value names a
 * row column (`id` falls back to the record id when the row has no such column).
 */
export const PairBySchema = z.string().min(1);

export interface RecordPair {
  key: string;
  baseline: ExperimentRecord;
  variant: ExperimentRecord;
}

function keyOf(record: ExperimentRecord, column: string): string | undefined {
  const value = record.row?.[column];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (column === 'id' && value === undefined) return record.id;
  return undefined;
}

/** Baseline–variant record pairs, in baseline order. With a column, duplicate keys keep the first. */
export function pairRecords(baseline: readonly ExperimentRecord[], variant: readonly ExperimentRecord[], pairBy: string): RecordPair[] {
  if (pairBy === 'index') {
    const count = Math.min(baseline.length, variant.length);
    return Array.from({ length: count }, (_, i) => ({ key: String(i), baseline: baseline[i]!, variant: variant[i]! }));
  }
  const byKey = new Map<string, ExperimentRecord>();
  for (const record of variant) {
    const key = keyOf(record, pairBy);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, record);
  }
  const pairs: RecordPair[] = [];
  const seen = new Set<string>();
  for (const record of baseline) {
    const key = keyOf(record, pairBy);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    const match = byKey.get(key);
    if (match) pairs.push({ key, baseline: record, variant: match });
  }
  return pairs;
}

/** Per criterion, the [baseline, variant] score pairs where both sides are usable. */
export function pairedScores(pairs: readonly RecordPair[], field = 'scores'): Map<string, [number, number][]> {
  const byCriterion = new Map<string, [number, number][]>();
  for (const pair of pairs) {
    const before = scoresOf(pair.baseline, field) ?? {};
    const after = scoresOf(pair.variant, field) ?? {};
    for (const [criterion, value] of Object.entries(before)) {
      const other = after[criterion];
      if (!isScore(value) || !isScore(other)) continue;
      const list = byCriterion.get(criterion) ?? [];
      list.push([value, other]);
      byCriterion.set(criterion, list);
    }
  }
  return byCriterion;
}
