/**
 * Python's character classes where JavaScript's differ: str.isspace(), str.isprintable()
 * (which decides what repr() escapes), title case, and the decimal digits int() and float()
 * accept in any script.
 */
import { TITLE_CASE } from './titleCase.generated';

/** str.isspace(): JS trim() differs (it strips U+FEFF, keeps U+001C..U+001F and U+0085). */
export const SPACE_CLASS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_CODES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** For one character (all of Python's whitespace is in the BMP). */
export function isSpace(char: string): boolean {
  return char.length === 1 && SPACE_CODES.has(char.charCodeAt(0));
}

/** Characters str.isprintable() rejects: categories C* and Z* except the space itself. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function isPrintable(char: string): boolean {
  return char === ' ' || !NON_PRINTABLE.test(char);
}

/** The title case of one character (differs from upper case for 'ǆ', 'ß', 'ﬁ', ...). */
export function titleCase(char: string): string {
  return TITLE_CASE[char] ?? char.toUpperCase();
}

const DECIMAL = /\p{Nd}/u;

/**
 * The value of a decimal digit of any script, or -1. Unicode lays each script's digits out as
 * a run of ten from 0 to 9, and adjacent runs are whole, so the value is the distance from the
 * run's start modulo ten.
 */
export function decimalValue(char: string): number {
  const code = char.codePointAt(0)!;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (!DECIMAL.test(char)) return -1;
  let start = code;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

/**
 * What int() and float() do to text before parsing it (CPython's
 * _PyUnicode_TransformDecimalAndSpaceToASCII): ASCII is kept as it is, other whitespace
 * becomes ' ', other decimal digits their ASCII digit. Anything else makes the text invalid.
 */
export function asciiDigitsAndSpaces(text: string): string | undefined {
  if (!/[\u0080-\uffff]/.test(text)) return text;
  let out = '';
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) out += char;
    else if (isSpace(char)) out += ' ';
    else {
      const digit = decimalValue(char);
      if (digit < 0) return undefined;
      out += String(digit);
    }
  }
  return out;
}
