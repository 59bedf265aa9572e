/**
 * One home for behaviour that mimics Python (docs/architecture.md, "Layers"): float and int parsing, repr/str/
 * ascii, rounding and decimal formatting (exact, half to even), format specs, printf-style
 * number conversions, title case and other Unicode classes. Tested against goldens generated
 * by Debian's python3 (tests/core/python/fixtures/generatePythonGolden.py).
 */
import { formatFixed } from './decimal';

export { divideHalfEven, decimalExponent, floatRepr, formatExponent, formatFixed, formatGeneral, roundFloat, roundInt } from './decimal';
export { type Formattable, type FormatSpec, FormatSpecError, formatWithSpec, parseFormatSpec, pyFormat } from './formatSpec';
export { MAX_INT_DIGITS, parseFloatText, parseIntText } from './parse';
export { asciiEscape, pythonNumber, pythonRepr, pythonSortedItemsRepr, pythonStr, pythonStringAscii, pythonStringRepr } from './repr';
export { type WrapOptions, wrapText } from './textwrap';
export { lookupUnicodeName } from './unicodeNames';
export { htmlUnescape } from './htmlEntities';
export { SPACE_CLASS, asciiDigitsAndSpaces, decimalValue, isPrintable, isSpace, titleCase } from './unicode';

/** format(value, f".{digits}%"): Python multiplies the double by 100 first. */
export function formatPercent(value: number, digits: number): string {
  return `${formatFixed(value * 100, digits)}%`;
}
