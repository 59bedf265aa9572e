import { AppError } from '../errors';

/** One CSV record: its raw fields and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records (RFC 4180 quoting, `""` escapes, LF / CRLF / CR line ends).
 * Hand-written rather than csv-parse because it is several times faster on 100k-row files
 * and knows the physical line of each record for error messages. Blank lines are skipped,
 * as pandas does. Text after a closing quote is kept as part of the field, as pandas does.
 */
export function tokenizeCsv(text: string, delimiter: string, source: string): CsvRecord[] {
  if (delimiter.length !== 1) {
    throw new AppError('DATASOURCE_FAILED', `${source}: the CSV separator must be one character, got '${delimiter}'`);
  }
  const sep = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const length = text.length;
  let pos = 0;
  let line = 1;

  while (pos < length) {
    const startLine = line;
    const fields: string[] = [];
    let recordDone = false;
    while (!recordDone) {
      let value = '';
      if (text.charCodeAt(pos) === QUOTE) {
        const quoted = readQuoted(text, pos + 1, source, line);
        value = quoted.value;
        line += quoted.newlines;
        pos = quoted.end;
      }
      // Unquoted run (or the tail after a closing quote): up to the separator or a line end.
      const runStart = pos;
      while (pos < length) {
        const code = text.charCodeAt(pos);
        if (code === sep || code === LF || code === CR) break;
        pos++;
      }
      if (pos > runStart) value += text.slice(runStart, pos);
      fields.push(value);

      const code = pos < length ? text.charCodeAt(pos) : -1;
      if (code === sep) {
        pos++;
        continue;
      }
      if (code === CR) {
        pos++;
        if (text.charCodeAt(pos) === LF) pos++;
        line++;
      } else if (code === LF) {
        pos++;
        line++;
      }
      recordDone = true;
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}

interface QuotedField {
  value: string;
  /** Index just past the closing quote. */
  end: number;
  newlines: number;
}

function readQuoted(text: string, start: number, source: string, line: number): QuotedField {
  let value = '';
  let pos = start;
  let newlines = 0;
  for (;;) {
    const close = text.indexOf('"', pos);
    if (close === -1) {
      throw new AppError('DATASOURCE_FAILED', `${source}: line ${line}: quoted field is never closed`, {
        details: { source, line },
      });
    }
    const chunk = text.slice(pos, close);
    newlines += countLineEnds(chunk);
    value += chunk;
    if (text.charCodeAt(close + 1) === QUOTE) {
      value += '"';
      pos = close + 2;
      continue;
    }
    return { value, end: close + 1, newlines };
  }
}

function countLineEnds(chunk: string): number {
  let count = 0;
  for (let i = 0; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i);
    if (code === LF) count++;
    else if (code === CR && chunk.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}
