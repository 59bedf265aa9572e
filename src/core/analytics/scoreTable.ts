import { keyOrderOf } from '../data/keyOrder';
import type { ExperimentRecord } from '../engine/records';

/**
 * A columnar view of the records' nested score and flag maps, built in one pass and shared
 * by every analytics plugin that reads the same `results` array. Analytics treat records as
 * immutable once they start; an array whose length changed is read afresh.
 */
export const CELL_ABSENT = 0;
export const CELL_SCORE = 1;
/** null, undefined or NaN: counted as missing by score_stats. */
export const CELL_MISSING = 2;
/** Present but neither a number nor missing (a string, an object). */
export const CELL_OTHER = 3;

export interface ScoreColumn {
  /** The score at each record position; NaN where there is none. */
  values: Float64Array;
  state: Uint8Array;
  /** Cached usable scores in record order; shared, so never mutate it. */
  present?: number[];
}

export interface ScoreTable {
  size: number;
  /** Criteria in first-seen order, record by record, scores before flags. */
  order: string[];
  scores: Map<string, ScoreColumn>;
  /** 1 true, 0 false, −1 absent or not a boolean. */
  flags: Map<string, Int8Array>;
}

function mapAt(record: ExperimentRecord, field: string): Record<string, unknown> | undefined {
  const value = record.metrics?.[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function cellState(value: unknown): number {
  if (typeof value === 'number') return Number.isNaN(value) ? CELL_MISSING : CELL_SCORE;
  return value === null || value === undefined ? CELL_MISSING : CELL_OTHER;
}

function buildTable(records: readonly ExperimentRecord[], sourceField: string, flagField: string): ScoreTable {
  const size = records.length;
  const table: ScoreTable = { size, order: [], scores: new Map(), flags: new Map() };
  const seen = new Set<string>();
  const note = (criterion: string) => {
    if (!seen.has(criterion)) {
      seen.add(criterion);
      table.order.push(criterion);
    }
  };
  for (let i = 0; i < size; i++) {
    const record = records[i]!;
    const scores = mapAt(record, sourceField) ?? {};
    for (const criterion of keyOrderOf(scores)) {
      note(criterion);
      let column = table.scores.get(criterion);
      if (!column) {
        column = { values: new Float64Array(size).fill(Number.NaN), state: new Uint8Array(size) };
        table.scores.set(criterion, column);
      }
      const value = scores[criterion];
      const state = cellState(value);
      column.state[i] = state;
      if (state === CELL_SCORE) column.values[i] = value as number;
    }
    const flags = mapAt(record, flagField) ?? {};
    for (const criterion of keyOrderOf(flags)) {
      note(criterion);
      let column = table.flags.get(criterion);
      if (!column) {
        column = new Int8Array(size).fill(-1);
        table.flags.set(criterion, column);
      }
      const flag = flags[criterion];
      column[i] = flag === true ? 1 : flag === false ? 0 : -1;
    }
  }
  return table;
}

const cache = new WeakMap<readonly ExperimentRecord[], Map<string, ScoreTable>>();

export function scoreTable(records: readonly ExperimentRecord[], sourceField = 'scores', flagField = 'score_flags'): ScoreTable {
  const key = `${sourceField}\u0000${flagField}`;
  const byKey = cache.get(records) ?? new Map<string, ScoreTable>();
  cache.set(records, byKey);
  const cached = byKey.get(key);
  if (cached && cached.size === records.length) return cached;
  const table = buildTable(records, sourceField, flagField);
  byKey.set(key, table);
  return table;
}

/** The usable scores of one column, in record order. */
export function presentValues(column: ScoreColumn): number[] {
  if (column.present) return column.present;
  const out: number[] = [];
  for (let i = 0; i < column.values.length; i++) if (column.state[i] === CELL_SCORE) out.push(column.values[i]!);
  column.present = out;
  return out;
}
