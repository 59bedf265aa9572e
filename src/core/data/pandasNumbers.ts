/**
 * Numbers as pandas' C reader parses them (read_csv's default `float_precision`, "high"): at
 * most 17 significant digits are gathered into a double, one digit at a time, and the
 * decimal exponent is then applied with one multiplication or division by a power of ten.
 * That is not always the correctly rounded double JS `Number()` gives: pandas reads
 * `0.30000000000000004` as 0.3 and `123456789.123456789` as 123456789.12345678, so prompts
 * and mock scores differ unless cells are parsed the same way (goldens:
 * tests/integration/fixtures/originalPrompts). Leading zeros count among the 17 digits, as they do there.
 */

const MAX_DIGITS = 17;
const MAX_EXPONENT = 308;
/** 1e0 ... 1e308, each the double nearest the power of ten (what a C literal `1eN` is). */
const POWERS_OF_TEN = Array.from({ length: MAX_EXPONENT + 1 }, (_, n) => Number(`1e${n}`));
/** Spellings pandas accepts for infinity (whole cell, any case, no surrounding spaces). */
const INFINITIES = new Set(['inf', '+inf', 'infinity', '+infinity']);
const NEGATIVE_INFINITIES = new Set(['-inf', '-infinity']);

const isDigit = (code: number) => code >= 48 && code <= 57;
/** C's isspace in the "C" locale: space, \t, \n, \v, \f, \r. */
const isAsciiSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isAsciiSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The float pandas reads from a cell, or undefined when the cell is not a float to pandas (the column then stays text). */
export function parsePandasFloat(text: string): number | undefined {
  const value = parseDigits(text);
  if (value !== undefined) return value;
  const lower = text.toLowerCase();
  if (INFINITIES.has(lower)) return Infinity;
  if (NEGATIVE_INFINITIES.has(lower)) return -Infinity;
  return undefined;
}

function parseDigits(text: string): number | undefined {
  let pos = skipSpaces(text, 0);
  let negative = false;
  if (text[pos] === '-' || text[pos] === '+') negative = text[pos++] === '-';
  let number = 0;
  let exponent = 0;
  let digits = 0;
  for (; pos < text.length && isDigit(text.charCodeAt(pos)); pos++) {
    if (digits < MAX_DIGITS) {
      number = number * 10 + (text.charCodeAt(pos) - 48);
      digits++;
    } else exponent++;
  }
  if (text[pos] === '.') {
    pos++;
    let decimals = 0;
    for (; digits < MAX_DIGITS && pos < text.length && isDigit(text.charCodeAt(pos)); pos++, digits++, decimals++) number = number * 10 + (text.charCodeAt(pos) - 48);
    while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    exponent -= decimals;
  }
  if (digits === 0) return undefined;
  if (negative) number = -number;
  if (text[pos] === 'e' || text[pos] === 'E') {
    const exponentStart = pos++;
    let exponentNegative = false;
    if (text[pos] === '-' || text[pos] === '+') exponentNegative = text[pos++] === '-';
    let n = 0;
    let exponentDigits = 0;
    for (; exponentDigits < MAX_DIGITS && pos < text.length && isDigit(text.charCodeAt(pos)); pos++, exponentDigits++) n = n * 10 + (text.charCodeAt(pos) - 48);
    exponent += exponentNegative ? -n : n;
    // No digit after the 'e': the 'e' is left over, so the cell is not a number.
    if (exponentDigits === 0) pos = exponentStart;
  }
  if (skipSpaces(text, pos) !== text.length) return undefined;
  return scale(number, exponent);
}

/** Applies the decimal exponent as pandas does; overflow (a range error there) is not a float. */
function scale(number: number, exponent: number): number | undefined {
  let value: number;
  if (exponent > MAX_EXPONENT) return undefined;
  if (exponent > 0) value = number * POWERS_OF_TEN[exponent]!;
  else if (exponent < -MAX_EXPONENT) value = exponent < -2 * MAX_EXPONENT ? 0 * Math.sign(number) : number / POWERS_OF_TEN[-MAX_EXPONENT - exponent]! / POWERS_OF_TEN[MAX_EXPONENT]!;
  else value = number / POWERS_OF_TEN[-exponent]!;
  return Number.isFinite(value) ? value : undefined;
}

/** An integer cell as pandas' int64 reader takes it: ASCII spaces around, an optional sign, digits only. */
export const PANDAS_INT_PATTERN = /^[ \t\n\v\f\r]*[+-]?\d+[ \t\n\v\f\r]*$/;
