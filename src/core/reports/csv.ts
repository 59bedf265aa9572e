/**
 * CSV text (RFC 4180 quoting, `\n` line ends like pandas). With `sanitizeFormulas`, a text
 * cell that a spreadsheet would run as a formula (leading = + - @, or a tab / carriage
 * return that some spreadsheets strip first) gets a leading `'`, the later-era fix for
 * CSV injection. Numbers are never touched, so negative deltas stay numeric.
 */
export interface CsvOptions {
  sanitizeFormulas: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function encodeCsv(columns: readonly string[], rows: readonly Record<string, unknown>[], options: CsvOptions): string {
  if (columns.length === 0) return '';
  const lines = [columns.map((column) => csvCell(column, options)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column], options)).join(','));
  return `${lines.join('\n')}\n`;
}

export function csvCell(value: unknown, options: CsvOptions): string {
  let text = cellText(value);
  if (options.sanitizeFormulas && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Empty for missing and NaN (pandas' `na_rep`), `inf` for infinities, JSON for structures. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
