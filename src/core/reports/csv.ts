import { pythonNumber } from '../python';

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

export function encodeCsv(columns: readonly string[], rows: Iterable<Record<string, unknown>>, options: CsvOptions): string {
  return encodeCsvBytes(columns, rows, options).toString('utf8');
}

const CHUNK_CHARS = 1 << 20;

/**
 * The same CSV as UTF-8 bytes, built in ~1 MB chunks: a 100,000-row file never exists as
 * an array of line strings and a joined copy at once.
 */
export function encodeCsvBytes(columns: readonly string[], rows: Iterable<Record<string, unknown>>, options: CsvOptions): Buffer {
  const encoder = createCsvEncoder(columns, options);
  for (const row of rows) encoder.add(row);
  return encoder.finish();
}

/** A CSV built a row at a time (for rows streamed from storage). */
export function createCsvEncoder(columns: readonly string[], options: CsvOptions) {
  const chunks: Buffer[] = [];
  let pending = columns.length === 0 ? '' : `${columns.map((column) => csvCell(column, options)).join(',')}\n`;
  return {
    add(row: Record<string, unknown>): void {
      if (columns.length === 0) return;
      pending += `${columns.map((column) => csvCell(row[column], options)).join(',')}\n`;
      if (pending.length >= CHUNK_CHARS) {
        chunks.push(Buffer.from(pending, 'utf8'));
        pending = '';
      }
    },
    finish(): Buffer {
      chunks.push(Buffer.from(pending, 'utf8'));
      return Buffer.concat(chunks);
    },
  };
}

/** A cell's text as pandas wrote it (a Python float such as `1000.0` or `-0.0`): written as is, never sanitized. */
export class CsvNumberText {
  constructor(readonly text: string) {}
}

export function csvCell(value: unknown, options: CsvOptions): string {
  if (value instanceof CsvNumberText) return value.text;
  let text = cellText(value);
  if (options.sanitizeFormulas && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * As pandas' `to_csv` writes: empty for missing and NaN (`na_rep`), `inf` for infinities,
 * floats as Python's repr (`1e-07`, `0.1`), booleans `True`/`False`, JSON for structures.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? '' : pythonNumber(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
