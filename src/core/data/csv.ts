import type { Row } from '../engine/records';
import { AppError } from '../errors';
import { convertColumn, inferKind, isNullableKind, requestedKind, type CellValue, type ColumnKind, type CsvDtype } from './csvInference';
import { tokenizeCsv, type CsvRecord } from './csvTokenizer';
import { rememberKeyOrder } from './keyOrder';
import { attachFloatCells, floatCellsOf } from './pandasCells';
import { decodeText, stripBom } from './textDecoding';

export { CsvDtypeSchema, CsvTypeNameSchema, type CsvDtype, type CsvTypeName } from './csvInference';

export interface ParseCsvOptions {
  /** Names the input in error messages (a path or blob URL without secrets). */
  source: string;
  /** pandas `dtype`: one type for all columns or a map of column to type. */
  dtype?: CsvDtype;
  /** Used when the input is bytes; Python codec names ("utf-8", "latin-1", ...). Default utf-8. */
  encoding?: string;
  /** Field separator (pandas `sep`). Default ",". */
  delimiter?: string;
}

export interface ParsedCsv {
  columns: string[];
  rows: Row[];
}

/**
 * Reads CSV the way the original's `pandas.read_csv` did: header row, column order kept,
 * numeric columns become numbers unless `dtype` says otherwise, NA cells become null (NaN:
 * see pandasCells.ts for the Python types kept beside each row), BOM dropped. A row with a different field count than the header is an error naming the
 * source and line.
 */
export function parseCsv(input: string | Uint8Array, options: ParseCsvOptions): ParsedCsv {
  const { source } = options;
  const text = typeof input === 'string' ? stripBom(input) : decodeText(input, options.encoding ?? 'utf-8', source);
  const records = tokenizeCsv(text, options.delimiter ?? ',', source);
  const header = records[0];
  if (!header) {
    throw new AppError('DATASOURCE_FAILED', `${source}: no columns to parse from file`, { details: { source } });
  }
  const columns = uniqueColumnNames(header.fields);
  const body = records.slice(1);
  checkFieldCounts(body, columns.length, source);

  const lines = body.map((record) => record.line);
  const requested = columns.map((column) => requestedKind(options.dtype, column));
  const kinds = columns.map((_, index) => requested[index] ?? inferKind(body.map((record) => record.fields[index]!)));
  const values = columns.map((column, index) =>
    convertColumn({ source, column, cells: body.map((record) => record.fields[index]!), lines, requested: requested[index] !== undefined }, kinds[index]!),
  );
  const floats = floatColumnsOf(columns, kinds);
  const nullable = new Set(columns.filter((_, index) => isNullableKind(kinds[index]!)));
  const rows = body.map((_, rowIndex) => {
    const row = buildRow(columns, values, rowIndex);
    attachFloatCells(row, floatCellsOf(row, floats, nullable));
    return row;
  });
  return { columns, rows };
}

/**
 * Columns whose values are Python floats in the original's rows. `DataFrame.iterrows()` gives
 * each row as one Series, so a frame whose columns are all numbers and include a float column
 * yields every value as a float (`1` reads as `1.0`).
 */
function floatColumnsOf(columns: readonly string[], kinds: readonly ColumnKind[]): Set<string> {
  const allNumeric = kinds.every((kind) => kind === 'int' || kind === 'float');
  if (allNumeric && kinds.includes('float')) return new Set(columns);
  return new Set(columns.filter((_, index) => kinds[index] === 'float'));
}

function checkFieldCounts(records: readonly CsvRecord[], expected: number, source: string): void {
  for (const record of records) {
    if (record.fields.length !== expected) {
      throw new AppError(
        'DATASOURCE_FAILED',
        `${source}: line ${record.line}: expected ${expected} fields, saw ${record.fields.length}`,
        { details: { source, line: record.line, expected, actual: record.fields.length } },
      );
    }
  }
}

function buildRow(columns: readonly string[], values: readonly CellValue[][], rowIndex: number): Row {
  const row: Row = {};
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const value = values[c]![rowIndex]!;
    // A plain assignment to "__proto__" would replace the prototype instead of adding a key.
    if (column === '__proto__') Object.defineProperty(row, column, { value, enumerable: true, writable: true, configurable: true });
    else row[column] = value;
  }
  // A column named like an integer ("2024") keeps its place (keyOrder.ts).
  rememberKeyOrder(row, columns);
  return row;
}

/** pandas header rules: an empty name becomes "Unnamed: <i>", repeats become "name.1", "name.2". */
function uniqueColumnNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, index) => {
    const base = raw === '' ? `Unnamed: ${index}` : raw;
    let name = base;
    for (let count = 1; seen.has(name); count++) name = `${base}.${count}`;
    seen.add(name);
    return name;
  });
}
