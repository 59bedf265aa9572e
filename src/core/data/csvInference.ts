import { z } from 'zod';
import { AppError } from '../errors';
import { PANDAS_INT_PATTERN, parsePandasFloat } from './pandasNumbers';

/** Type names accepted in `dtype` (pandas / numpy spellings). */
export const CsvTypeNameSchema = z.enum([
  'str', 'string', 'object',
  'int', 'int32', 'int64', 'Int64', 'integer',
  'float', 'float32', 'float64', 'double', 'number',
  'bool', 'boolean',
]);
export type CsvTypeName = z.infer<typeof CsvTypeNameSchema>;

/** One type for every column, or a type per column name (columns not listed are inferred). */
export const CsvDtypeSchema = z.union([CsvTypeNameSchema, z.record(z.string(), CsvTypeNameSchema)]);
export type CsvDtype = z.infer<typeof CsvDtypeSchema>;

/**
 * `Int64`, `boolean` and `string` are pandas' nullable extension types: a missing cell is
 * `pd.NA` (prints `<NA>`, and `bool(pd.NA)` raises), not NaN; see pandasCells.ts.
 */
export type ColumnKind = 'str' | 'int' | 'float' | 'bool' | 'Int64' | 'boolean' | 'string';
const NULLABLE_KINDS: ReadonlySet<ColumnKind> = new Set(['Int64', 'boolean', 'string']);

export function isNullableKind(kind: ColumnKind): boolean {
  return NULLABLE_KINDS.has(kind);
}
export type CellValue = string | number | boolean | null;

const KIND_BY_TYPE_NAME: Record<CsvTypeName, ColumnKind> = {
  str: 'str', string: 'string', object: 'str',
  int: 'int', int32: 'int', int64: 'int', Int64: 'Int64', integer: 'int',
  float: 'float', float32: 'float', float64: 'float', double: 'float', number: 'float',
  bool: 'bool', boolean: 'boolean',
};

/** pandas' default NA strings (`keep_default_na=True`): these cells read as missing. */
const NA_VALUES = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);
const TRUE_VALUES = new Set(['True', 'TRUE', 'true']);
const FALSE_VALUES = new Set(['False', 'FALSE', 'false']);
/** pandas' `boolean` dtype also reads 1/0 (BooleanArray from strings). */
const NULLABLE_TRUE = new Set([...TRUE_VALUES, '1', '1.0']);
const NULLABLE_FALSE = new Set([...FALSE_VALUES, '0', '0.0']);
const INT_PATTERN = PANDAS_INT_PATTERN;

export function isMissing(raw: string): boolean {
  return NA_VALUES.has(raw);
}

/** The kind `dtype` asks for, or undefined to infer from the values. */
export function requestedKind(dtype: CsvDtype | undefined, column: string): ColumnKind | undefined {
  if (dtype === undefined) return undefined;
  if (typeof dtype === 'string') return KIND_BY_TYPE_NAME[dtype];
  const name = Object.hasOwn(dtype, column) ? dtype[column] : undefined;
  return name === undefined ? undefined : KIND_BY_TYPE_NAME[name];
}

/**
 * pandas-style column inference: a column is numeric only when every non-missing cell is,
 * so one text cell keeps the whole column as text; integers with an empty cell are float64,
 * like any column mixing integers and decimals (big integers then lose digits as in pandas).
 * A column of integers only, one beyond 2^53, stays text rather than silently losing digits
 * (pandas would hold it exactly as int64).
 */
export function inferKind(cells: readonly string[]): ColumnKind {
  let allInt = true;
  let unsafeInt = false;
  let allFloat = true;
  let allBool = true;
  let present = 0;
  for (const raw of cells) {
    if (NA_VALUES.has(raw)) continue;
    present++;
    const isInt = INT_PATTERN.test(raw);
    if (isInt && !Number.isSafeInteger(Number(raw))) unsafeInt = true;
    allInt &&= isInt;
    allFloat &&= isInt || parsePandasFloat(raw) !== undefined;
    allBool &&= TRUE_VALUES.has(raw) || FALSE_VALUES.has(raw);
    if (!allFloat && !allBool) return 'str';
  }
  if (present === 0) return 'float';
  if (allInt) return present < cells.length ? 'float' : unsafeInt ? 'str' : 'int';
  if (allFloat) return 'float';
  return allBool ? 'bool' : 'str';
}

export interface ColumnCells {
  source: string;
  column: string;
  cells: readonly string[];
  /** Line of the record each cell came from, for error messages. */
  lines: readonly number[];
  /** The kind was asked for in `dtype` (not inferred). */
  requested?: boolean;
}

/**
 * Converts a column's cells to its kind; missing cells are null whatever the kind, except
 * where pandas refuses them: `dtype` int or bool with a missing cell is pandas' ValueError
 * ("Integer column has NA values"), here an error naming the file, column and line.
 */
export function convertColumn({ source, column, cells, lines, requested }: ColumnCells, kind: ColumnKind): CellValue[] {
  const out = new Array<CellValue>(cells.length);
  const refusesMissing = requested === true && (kind === 'int' || kind === 'bool');
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!;
    if (refusesMissing && NA_VALUES.has(raw)) throw missingInTypedColumn(kind, { source, column, line: lines[i]! });
    const value = NA_VALUES.has(raw) ? null : convertPresent(raw, kind);
    if (value === undefined) throw cannotConvert(raw, kind, { source, column, line: lines[i]! });
    out[i] = value;
  }
  return out;
}

/** The converted value, or undefined when the cell does not fit the kind. */
function convertPresent(raw: string, kind: ColumnKind): CellValue | undefined {
  switch (kind) {
    case 'str':
    case 'string':
      return raw;
    case 'int':
      return INT_PATTERN.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
    case 'Int64': {
      // pandas casts through float64 when a cell is not an int: "2.0" is 2, "2.5" cannot be cast.
      const value = INT_PATTERN.test(raw) ? Number(raw) : parsePandasFloat(raw);
      return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
    }
    case 'boolean':
      return NULLABLE_TRUE.has(raw) ? true : NULLABLE_FALSE.has(raw) ? false : undefined;
    case 'float':
      return parsePandasFloat(raw);
    case 'bool':
      return TRUE_VALUES.has(raw) ? true : FALSE_VALUES.has(raw) ? false : undefined;
  }
}

function missingInTypedColumn(kind: ColumnKind, where: { source: string; column: string; line: number }): AppError {
  const what = kind === 'int' ? 'an integer' : 'a bool';
  return new AppError(
    'DATASOURCE_FAILED',
    `${where.source}: line ${where.line}: column '${where.column}' is read as ${what} (dtype) but this cell is missing; pandas refuses it too ("${kind === 'int' ? 'Integer' : 'Bool'} column has NA values"). Use dtype Int64${kind === 'int' ? '' : ' / boolean'} for a column with gaps, or float`,
    { details: { source: where.source, line: where.line, column: where.column } },
  );
}

function cannotConvert(raw: string, kind: ColumnKind, where: { source: string; column: string; line: number }): AppError {
  return new AppError(
    'DATASOURCE_FAILED',
    `${where.source}: line ${where.line}: cannot convert '${raw}' in column '${where.column}' to ${kind}`,
    { details: { source: where.source, line: where.line, column: where.column } },
  );
}
