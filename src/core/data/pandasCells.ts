/**
 * Rows as the original's pandas read them (docs/original-behaviour.md §1.5, §1.7): every empty
 * cell is NaN (it renders `nan` and is truthy), float columns hold Python floats (`1000.0`,
 * `-0.0`, `1e+20`), and the original's `iterrows()` turns an all-numeric frame with a float
 * column into floats throughout. JSON (plan chunks, stored records) cannot say that `1000` was
 * `1000.0`, keep `-0`, or hold NaN and infinities, so those cells travel beside the row as their
 * Python text: `{"x": "1000.0", "note": "nan"}`. Every other value's Python text follows from
 * its JSON value. README "Deliberate differences" lists what is still not carried.
 */
import { PyFloat } from '../prompts/values';
import { floatRepr, pythonRepr } from '../python';
import type { Row } from '../engine/records';
import { copyKeyOrder } from './keyOrder';
import { NA_TEXT, PANDAS_NA, type PandasNA } from './pandasNA';

/** Python text of the cells whose pandas value JSON cannot carry, by column. */
export type FloatCells = Record<string, string>;

const attached = new WeakMap<object, FloatCells>();

/** The float cells of one parsed row: NaN for every empty cell, Python text for floats JSON would blur. */
export function floatCellsOf(row: Row, floatColumns: ReadonlySet<string>, nullableColumns: ReadonlySet<string> = new Set()): FloatCells | undefined {
  let cells: FloatCells | undefined;
  for (const [column, value] of Object.entries(row)) {
    let text: string | undefined;
    // An empty cell is NaN, or pd.NA in a nullable (Int64, boolean, string) column.
    if (value === null) text = nullableColumns.has(column) ? NA_TEXT : 'nan';
    else if (typeof value === 'number' && floatColumns.has(column) && (Number.isInteger(value) || !Number.isFinite(value))) text = floatRepr(value);
    if (text !== undefined) (cells ??= Object.create(null) as FloatCells)[column] = text;
  }
  return cells;
}

/** Keeps a row's float cells with it in memory (from the CSV reader to the plan's chunks, from a chunk to the evaluator). */
export function attachFloatCells(row: Row, cells: FloatCells | undefined): void {
  if (cells && Object.keys(cells).length > 0) attached.set(row, cells);
}

export function floatCellsFor(row: Row): FloatCells | undefined {
  return attached.get(row);
}

/** The cells among `keys` only (a prompt context restricted by `prompt_fields`), or undefined when none. */
export function floatCellsWithin(cells: FloatCells | undefined, keys: Iterable<string>): FloatCells | undefined {
  if (!cells) return undefined;
  let out: FloatCells | undefined;
  for (const key of keys) if (Object.hasOwn(cells, key)) (out ??= Object.create(null) as FloatCells)[key] = cells[key]!;
  return out;
}

/** The Python value a float cell's text stands for: NaN and infinities as numbers, integral floats boxed, pd.NA. */
function floatValue(text: string): number | PyFloat | PandasNA {
  if (text === NA_TEXT) return PANDAS_NA;
  const value = text === 'nan' ? Number.NaN : text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** The row as the prompt engine should see it: float cells as Python floats. */
export function templateRow(row: Row, cells: FloatCells | undefined): Row {
  if (!cells) return row;
  const out: Row = copyKeyOrder(row, { ...row });
  for (const [key, text] of Object.entries(cells)) if (Object.hasOwn(out, key)) out[key] = floatValue(text);
  return out;
}

/**
 * An integral float in call metadata (`row_id` from an APPID column of integers with a gap):
 * the mock model's repr prints it `1.0` as the original's did; JSON writes the number.
 */
export class PandasFloat {
  constructor(readonly value: number) {}

  toJSON(): number {
    return this.value;
  }
}

/** The Python value of one cell for call metadata: NaN stays NaN (repr `nan`), integral floats a PandasFloat, other cells as stored. */
export function metadataValue(row: Row, key: string, cells: FloatCells | undefined): unknown {
  const text = cells && Object.hasOwn(cells, key) ? cells[key] : undefined;
  if (text === undefined) return row[key];
  const value = floatValue(text);
  return value instanceof PyFloat ? new PandasFloat(value.value) : value;
}

/** str() of a cell as pandas holds it: `2.0`, `nan`, `True`, `None` for a column the row lacks. */
export function pythonCellText(row: Row | undefined, key: string, cells: FloatCells | undefined): string {
  if (cells && Object.hasOwn(cells, key)) return cells[key]!;
  const value = row?.[key];
  return typeof value === 'string' ? value : pythonRepr(value);
}
