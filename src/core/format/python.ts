import { scalarText } from './text';

/**
 * Python's `repr()` and `str()` for JSON-like values. The mock model hashes the repr of
 * its sorted metadata, and the prompt engine renders values the way Jinja on Python does,
 * so both must match Python byte for byte (§1.7, §2.3, §3.18).
 */

/** repr(float) / repr(int): integers print without exponent; others use Python's exponent rule. */
export function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isInteger(value)) return Object.is(value, -0) ? '-0' : BigInt(value).toString();
  const shortest = String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  // Python switches to scientific notation below 1e-4 and from 1e16; JS at 1e-7 and 1e21.
  if (exponent < -4 || exponent >= 16) {
    const [mantissa, exp] = value.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return shortest.includes('e') ? expandExponent(value) : shortest;
}

function expandExponent(value: number): string {
  // Rare: JS chose an exponent where Python would not (1e-5 < |x| < 1e-6 is already handled).
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '.0');
}

/** repr(str): single quotes unless the text holds a single quote and no double quote. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = quote === "'" ? ESCAPED_IN_SINGLE : ESCAPED_IN_DOUBLE;
  return quote + text.replace(escaped, (char) => escapeChar(char, quote)) + quote;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what repr escapes
const ESCAPED_IN_SINGLE = /[\\'\x00-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex -- as above
const ESCAPED_IN_DOUBLE = /[\\"\x00-\x1f\x7f]/g;

function escapeChar(char: string, quote: string): string {
  if (char === '\\') return '\\\\';
  if (char === quote) return `\\${quote}`;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return char;
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
