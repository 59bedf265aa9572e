import type { ExperimentRecord, FailureRecord } from '../engine/records';
import type { RetryInfo } from '../llm/types';
import { CsvNumberText } from './csv';
import { isRecord } from './json';
import { NA_TEXT } from '../data/pandasNA';
import { copyKeyOrder, keyOrderOf } from '../data/keyOrder';

/**
 * A flat table whose rows are built on demand: the columns come from one pass over the
 * items, each row is rebuilt when read. A 100,000-row CSV then never holds a second copy
 * of every record as flat objects.
 */
export interface FlatTable {
  columns: string[];
  size: number;
  rows: Iterable<Record<string, unknown>>;
}

export interface ResultsTableOptions {
  includeMetrics: boolean;
  includeRetry: boolean;
}

/**
 * One row per successful record (docs/original-behaviour.md §2.12 csv plus docs/original-behaviour.md §7 flattening): row fields, `llm_content`,
 * `llm_<crit>`, then `metric_<k>` flattened with `_`, then the retry columns. Each group's
 * columns are the union over all records, so a metric only some rows have stays among the
 * metrics instead of landing after the retry columns.
 */
export function buildResultsTable(records: readonly ExperimentRecord[], options: ResultsTableOptions): FlatTable {
  return lazyTable(records, (record) => resultSections(record, options));
}

/** A record's cells in column groups: row, model output, metrics, retries. */
export function resultSections(record: ExperimentRecord, options: ResultsTableOptions): Record<string, unknown>[] {
  const llm: Record<string, unknown> = { llm_content: record.response.content };
  const responses = record.responses ?? {};
  for (const criterion of keyOrderOf(responses)) llm[`llm_${criterion}`] = responses[criterion]!.content;
  return [
    pandasRowCells(record),
    llm,
    options.includeMetrics ? flattenMetrics(record.metrics) : {},
    options.includeRetry ? retryCells(record.retry) : {},
  ];
}

/** One flat row from column groups; later groups win on a name clash. */
export function mergeSections(sections: readonly Record<string, unknown>[]): Record<string, unknown> {
  return Object.assign({}, ...sections) as Record<string, unknown>;
}

/** Collects the union of columns, group by group in first-seen order, from rows seen one at a time. */
export function createColumnUnion() {
  const groups: string[][] = [];
  const seen: Set<string>[] = [];
  return {
    add(sections: readonly Record<string, unknown>[]): void {
      sections.forEach((section, group) => {
        const names = (groups[group] ??= []);
        const known = (seen[group] ??= new Set());
        for (const key of keyOrderOf(section)) {
          if (!known.has(key)) {
            known.add(key);
            names.push(key);
          }
        }
      });
    },
    columns: (): string[] => [...new Set(groups.flat())],
  };
}

/** One row per failure: row fields, the error, when, and (optionally) its retry history. */
export function buildFailuresTable(failures: readonly FailureRecord[], options: Pick<ResultsTableOptions, 'includeRetry'>): FlatTable {
  return lazyTable(failures, (failure) => [
    pandasRowCells(failure),
    { error: failure.error, error_code: failure.error_code, criteria: failure.criteria ?? null, timestamp: failure.timestamp },
    options.includeRetry ? retryCells(failure.retry) : {},
  ]);
}

/** The row's cells as pandas writes them: floats that JSON blurs (`1000.0`, `-0.0`) as their Python text, NaN empty. */
export function pandasRowCells(record: ExperimentRecord | FailureRecord): Record<string, unknown> {
  const floats = record.row_floats;
  if (!floats) return record.row;
  const cells: Record<string, unknown> = copyKeyOrder(record.row, { ...record.row });
  for (const [key, text] of Object.entries(floats)) if (Object.hasOwn(cells, key)) cells[key] = text === 'nan' || text === NA_TEXT ? null : new CsvNumberText(text);
  return cells;
}

/** Later sections win on a name clash, as assignment order did in the original. */
function lazyTable<T>(items: readonly T[], sectionsOf: (item: T) => Record<string, unknown>[]): FlatTable {
  const union = createColumnUnion();
  for (const item of items) union.add(sectionsOf(item));
  const rows = {
    *[Symbol.iterator]() {
      for (const item of items) yield mergeSections(sectionsOf(item));
    },
  };
  return { columns: union.columns(), size: items.length, rows };
}

/** `{scores: {analysis: 1}}` -> `{metric_scores_analysis: 1}`; arrays stay whole (as JSON cells). */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = 'metric'): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const key of keyOrderOf(metrics)) {
    const value = metrics[key];
    const name = `${prefix}_${key}`;
    if (isRecord(value)) Object.assign(flat, flattenMetrics(value, name));
    else flat[name] = value;
  }
  return flat;
}

function retryCells(retry: RetryInfo | undefined): Record<string, unknown> {
  if (!retry) return { retry_attempts: null, retry_max_attempts: null, retry_history: null };
  return { retry_attempts: retry.attempts, retry_max_attempts: retry.max_attempts, retry_history: JSON.stringify(retry.history) };
}
