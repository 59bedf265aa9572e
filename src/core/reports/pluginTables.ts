import type { Verdict } from '../engine/verdict';
import { isRecord } from './json';
import { fencedJson, markdownTable } from './markdown';
import { formatNumber, formatPercent, formatPValue, formatSigned } from './numberFormat';
import { describeMethod } from './methodWords';

type Cells = Record<string, unknown>;

/** Scalars and short numeric pairs (intervals) fit in one table cell. */
function isCellValue(value: unknown): boolean {
  if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) return true;
  return Array.isArray(value) && value.length <= 2 && value.every((item) => typeof item === 'number' || item === null);
}

function isRowLike(value: unknown): value is Cells {
  return isRecord(value) && Object.values(value).every(isCellValue);
}

/** `score_stats` as criteria x count/mean/median/std/pass rate, with the pooled row last. */
export function renderScoreStatsTable(scoreStats: unknown): string | undefined {
  if (!isRecord(scoreStats) || !isRecord(scoreStats.criteria)) return undefined;
  const rows = Object.entries(scoreStats.criteria).map(([criterion, stats]) => statsRow(criterion, stats));
  if (isRecord(scoreStats.overall)) rows.push(statsRow('overall', scoreStats.overall));
  return markdownTable(['Criterion', 'Count', 'Mean', 'Median', 'Std', 'Pass rate'], rows);
}

function statsRow(criterion: string, stats: unknown): unknown[] {
  const cells = isRecord(stats) ? stats : {};
  return [criterion, cells.count ?? 0, cells.mean, cells.median, cells.std, cells.flagged === 0 ? 'n/a' : formatPercent(cells.pass_rate)];
}

/**
 * Any other plugin output, as compactly as its shape allows: a map of flat objects
 * (per-criterion results) becomes one table, a flat object a key/value table, anything
 * deeper fenced JSON. `verdicts` are left out: reports show them in their own table.
 */
export function renderPluginOutput(output: unknown): string {
  const entries = isRecord(output) ? Object.entries(output).filter(([key]) => key !== 'verdicts') : [];
  if (entries.length === 0) return fencedJson(output);
  if (entries.every(([, value]) => isRowLike(value))) return rowsTable(entries as [string, Cells][]);
  if (entries.every(([, value]) => isCellValue(value))) return markdownTable(['Metric', 'Value'], entries);
  return fencedJson(Object.fromEntries(entries));
}

function rowsTable(entries: [string, Cells][]): string {
  const columns: string[] = [];
  for (const [, cells] of entries) for (const key of Object.keys(cells)) if (!columns.includes(key)) columns.push(key);
  const rows = entries.map(([name, cells]) => [name, ...columns.map((column) => cells[column] ?? '')]);
  return markdownTable(['', ...columns], rows);
}

export interface VerdictRow {
  variant?: string;
  verdict: Verdict;
}

/** Verdicts, most decision-relevant columns first; `variant` only in suite reports. */
export function renderVerdictTable(rows: readonly VerdictRow[], withVariant: boolean): string {
  const headers = ['Criterion', 'Verdict', 'Difference', 'Interval', 'Adjusted p', 'Method'];
  const body = rows.map(({ variant, verdict }) => {
    const cells = [verdict.criterion, verdict.verdict, formatSigned(verdict.mean_difference), formatInterval(verdict.interval), pValueCell(verdict), describeMethod(verdict.method)];
    return withVariant ? [variant ?? '', ...cells] : cells;
  });
  return markdownTable(withVariant ? ['Variant', ...headers] : headers, body);
}

/** Under every verdict table: where its numbers come from, and that other tables are other tests. */
export const VERDICT_NOTE =
  "Each verdict's p-value and interval come from the one test named in Method, chosen from the score's kind (binary, ordinal, continuous) and adjusted across every variant and criterion of the run; tables of other plugins (score_significance, score_bayes, ...) are separate analyses with their own tests.";

export function formatInterval(interval: Verdict['interval']): string {
  return interval ? `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]` : 'n/a';
}

/** The adjusted p-value; a raw one is marked so it is not mistaken for an adjusted one. */
export function pValueCell(verdict: Verdict): string {
  if (typeof verdict.adjusted_p_value === 'number') return formatPValue(verdict.adjusted_p_value);
  if (typeof verdict.p_value === 'number') return `${formatPValue(verdict.p_value)} (unadjusted)`;
  return 'n/a';
}

/** `{a: 1, b: 'x'}` -> "a 1, b x" for short bullet lines; nested values as JSON. */
export function describeRecord(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : typeof value === 'number' || value === null ? formatNumber(value) : JSON.stringify(value)}`)
    .join(', ');
}
