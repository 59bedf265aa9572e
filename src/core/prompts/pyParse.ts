/** Python's int(str, base) and float(str) parsing rules, for the `int` and `float` filters. */
import { pyStrip } from './pyString';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIX_BASES: Record<string, number> = { '0b': 2, '0o': 8, '0x': 16 };

/** int(text, base), or undefined where Python raises ValueError. */
export function parsePyInt(text: string, base: number): number | undefined {
  let body = pyStrip(text, null, 'both').toLowerCase();
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    sign = body.startsWith('-') ? -1 : 1;
    body = body.slice(1);
  }
  let radix = base;
  const prefixBase = PREFIX_BASES[body.slice(0, 2)];
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    radix = prefixBase;
    body = body.slice(2).replace(/^_/, '');
  } else if (base === 0) {
    radix = 10;
    if (/^0+[1-9]/.test(body.replace(/_/g, ''))) return undefined; // 012 is invalid with base 0
  }
  if (radix < 2 || radix > 36 || !/^[0-9a-z]+(_[0-9a-z]+)*$/.test(body)) return undefined;
  let result = 0;
  for (const char of body.replace(/_/g, '')) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0 || digit >= radix) return undefined;
    result = result * radix + digit;
  }
  return sign * result;
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:e[+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/;

/** float(text), or undefined where Python raises ValueError. */
export function parsePyFloat(text: string): number | undefined {
  const body = pyStrip(text, null, 'both').toLowerCase();
  if (!FLOAT_TEXT.test(body)) return undefined;
  const unsigned = body.replace(/^[+-]/, '');
  const negative = body.startsWith('-');
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  const mantissa = unsigned.split('e')[0]!;
  if (!/\d/.test(mantissa)) return undefined;
  return Number(body.replace(/_/g, ''));
}
