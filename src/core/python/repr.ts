/**
 * Python's repr(), str() and ascii() of strings and JSON-like values. The mock model hashes
 * the repr of its sorted metadata, and the prompt engine prints values the way Jinja on
 * Python does, so both must match Python byte for byte (docs/original-behaviour.md §1.7, docs/original-behaviour.md §2.3, docs/original-behaviour.md §3.18).
 */
import { scalarText } from '../format/text';
import { floatRepr } from './decimal';

/**
 * Escaped by repr(): the backslash, the quote, C0/C1 controls, and every other character that
 * str.isprintable() rejects (format, surrogate, private-use and unassigned code points, line and
 * paragraph separators, spaces other than ' ').
 */
const ESCAPED = /[\\\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

function hexEscape(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function escapeChar(char: string): string {
  if (char === '\\') return '\\\\';
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return hexEscape(char.codePointAt(0)!);
}

/** repr(str): single quotes unless the text holds a single quote and no double quote. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(ESCAPED, escapeChar);
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** ascii(str): repr() with every non-ASCII character escaped. */
export function pythonStringAscii(text: string): string {
  return asciiEscape(pythonStringRepr(text));
}

/** ascii(): a repr with every non-ASCII character escaped (\xe9, \u20ac, \U0001f600). */
export function asciiEscape(repr: string): string {
  return repr.replace(/[\u0080-\u{10ffff}]/gu, (char) => hexEscape(char.codePointAt(0)!));
}

/** repr(x) of a JS number: integers as ints, others as Python floats. */
export function pythonNumber(value: number): string {
  if (Number.isInteger(value)) return Object.is(value, -0) ? '0' : BigInt(value).toString();
  return floatRepr(value);
}

export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonStringRepr(k)}: ${pythonRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  return pythonStringRepr(scalarText(value));
}

/** str(x): strings as they are, everything else as repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** repr(sorted(d.items())): `[('attempt', 1), ('criteria', 'analysis')]`. */
export function pythonSortedItemsRepr(record: Record<string, unknown>): string {
  const keys = Object.keys(record).sort();
  return `[${keys.map((key) => `(${pythonStringRepr(key)}, ${pythonRepr(record[key])})`).join(', ')}]`;
}
