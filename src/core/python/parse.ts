/**
 * Python's float(text) and int(text, base) grammars. Both first map other scripts' digits and
 * whitespace to ASCII (so '١٢' is 12), then strip ASCII whitespace only: '\x1f1.5' is not a
 * float even though str.strip() would remove '\x1f'.
 */
import { asciiDigitsAndSpaces } from './unicode';

const ASCII_SPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;
const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

function prepared(text: string): string | undefined {
  return asciiDigitsAndSpaces(text)?.replace(ASCII_SPACE, '');
}

/** float(text), or undefined where Python raises ValueError. */
export function parseFloatText(text: string): number | undefined {
  const body = prepared(text);
  if (body === undefined) return undefined;
  const special = SPECIAL.exec(body);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT.test(body)) return undefined;
  return Number(body.replace(/_/g, ''));
}

const PREFIX_BASES: Record<string, number> = { '0b': 2, '0o': 8, '0x': 16 };

/** Python refuses to convert more digits than this (sys.get_int_max_str_digits()). */
export const MAX_INT_DIGITS = 4300;

/** int(text, base) as a bigint, or undefined where Python raises ValueError. */
export function parseIntText(text: string, base: number): bigint | undefined {
  let body = prepared(text)?.toLowerCase();
  if (body === undefined) return undefined;
  let negative = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    negative = body.startsWith('-');
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
  const digits = body.replace(/_/g, '');
  if ((radix & (radix - 1)) !== 0 && digits.length > MAX_INT_DIGITS) return undefined;
  let result = 0n;
  const bigRadix = BigInt(radix);
  for (const char of digits) {
    const digit = parseInt(char, 36);
    if (digit >= radix) return undefined;
    result = result * bigRadix + BigInt(digit);
  }
  return negative ? -result : result;
}
