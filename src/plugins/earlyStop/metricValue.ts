import { parseFloatText } from '../../core/python';
import type { ExperimentRecord } from '../../core/engine/records';

/** The value at a dotted path inside `record.metrics` (`scores.analysis`, `score`). */
export function metricAt(record: Pick<ExperimentRecord, 'metrics'>, path: string): unknown {
  let current: unknown = record.metrics;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Like Python's `float(value)`: numbers, booleans and numeric strings; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const parsed = parseFloatText(value);
  return parsed === undefined || Number.isNaN(parsed) ? undefined : parsed;
}
