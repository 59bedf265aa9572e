import type { ExperimentRecord, FailureRecord } from '../engine/records';
import type { RetryInfo } from '../llm/types';
import { isRecord } from './json';

/** Rows of a flat table and the union of their columns in first-seen order. */
export interface FlatTable {
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface ResultsTableOptions {
  includeMetrics: boolean;
  includeRetry: boolean;
}

/**
 * One row per successful record (§2.12 csv plus §7 flattening): row fields, `llm_content`,
 * `llm_<crit>`, then `metric_<k>` flattened with `_`, then the retry columns. Each group's
 * columns are the union over all records, so a metric only some rows have stays among the
 * metrics instead of landing after the retry columns.
 */
export function buildResultsTable(records: readonly ExperimentRecord[], options: ResultsTableOptions): FlatTable {
  const sections = records.map((record) => {
    const llm: Record<string, unknown> = { llm_content: record.response.content };
    for (const [criterion, response] of Object.entries(record.responses ?? {})) llm[`llm_${criterion}`] = response.content;
    return [
      record.row,
      llm,
      options.includeMetrics ? flattenMetrics(record.metrics) : {},
      options.includeRetry ? retryCells(record.retry) : {},
    ];
  });
  return tableFromSections(sections);
}

/** One row per failure: row fields, the error, when, and (optionally) its retry history. */
export function buildFailuresTable(failures: readonly FailureRecord[], options: Pick<ResultsTableOptions, 'includeRetry'>): FlatTable {
  const sections = failures.map((failure) => [
    failure.row,
    { error: failure.error, error_code: failure.error_code, criteria: failure.criteria ?? null, timestamp: failure.timestamp },
    options.includeRetry ? retryCells(failure.retry) : {},
  ]);
  return tableFromSections(sections);
}

/** Later sections win on a name clash, as assignment order did in the original. */
function tableFromSections(sections: readonly Record<string, unknown>[][]): FlatTable {
  const groupCount = sections[0]?.length ?? 0;
  const columns: string[] = [];
  for (let group = 0; group < groupCount; group += 1) {
    for (const column of unionColumns(sections.map((parts) => parts[group] ?? {}))) {
      if (!columns.includes(column)) columns.push(column);
    }
  }
  const rows = sections.map((parts) => Object.assign({}, ...parts) as Record<string, unknown>);
  return { columns, rows };
}

/** `{scores: {analysis: 1}}` -> `{metric_scores_analysis: 1}`; arrays stay whole (as JSON cells). */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = 'metric'): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metrics)) {
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

export function unionColumns(rows: readonly Record<string, unknown>[]): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  return columns;
}
