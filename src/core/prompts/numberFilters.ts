/** Jinja 3.1's numeric filters: round, int, float, abs. */
import { typeFault } from './faults';
import type { FilterSpec, FilterTable } from './filterSpec';
import { parseFloatText, parseIntText, roundFloat, roundInt } from '../python';
import { PyFloat, isFloat, isInt, isNumeric, makeFloat, makeNumber, numberOf, typeName, makeInt } from './values';

function round(value: unknown, [precision, method]: unknown[]): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw typeFault('method must be common, ceil or floor');
  }
  if (!isNumeric(value)) throw typeFault(`type ${typeName(value)} doesn't define __round__ method`);
  if (!isInt(precision)) throw typeFault(`'${typeName(precision)}' object cannot be interpreted as an integer`);
  const digits = numberOf(precision);
  if (method === 'common' && typeof value === 'bigint') return roundBigInt(value, digits);
  const number = numberOf(value);
  if (method === 'common') {
    return isFloat(value) ? makeFloat(roundFloat(number, digits)) : roundInt(number, digits);
  }
  const scale = 10 ** digits;
  // math.floor/ceil return ints: NaN and infinities cannot become one.
  if (Number.isNaN(number * scale)) throw typeFault('ValueError: cannot convert float NaN to integer');
  if (!Number.isFinite(number * scale)) throw typeFault('OverflowError: cannot convert float infinity to integer');
  const rounded = method === 'ceil' ? Math.ceil(number * scale) : Math.floor(number * scale);
  return makeFloat((rounded + 0) / scale); // math.floor/ceil return ints: no -0.0
}

/** int(x): Jinja falls back to int(float(x)) so "42.23"|int is 42, then to the default. */
function toInt(value: unknown, [fallback, base]: unknown[]): unknown {
  if (!isInt(base)) throw typeFault(`'${typeName(base)}' object cannot be interpreted as an integer`);
  if (typeof value === 'string') {
    const parsed = parseIntText(value, numberOf(base));
    if (parsed !== undefined) return makeInt(parsed);
  } else if (isInt(value)) {
    return typeof value === 'boolean' ? Number(value) : value;
  }
  const asFloat = floatOf(value);
  // Jinja 3.1.6 also answers the default for NaN and infinities (ValueError, OverflowError).
  if (asFloat === undefined || !Number.isFinite(asFloat)) return fallback;
  return Math.trunc(asFloat) + 0; // + 0 turns -0 into 0, as int() does
}

/** round(int, ndigits) on a big int: exact, ties to even (Python's int.__round__). */
function roundBigInt(value: bigint, digits: number): bigint | number {
  if (digits >= 0) return value;
  if (-digits > 5000) return 0;
  const unit = 10n ** BigInt(-digits);
  let quotient = value / unit;
  let remainder = value % unit;
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += unit;
  }
  if (remainder * 2n > unit || (remainder * 2n === unit && quotient % 2n !== 0n)) quotient += 1n;
  return makeInt(quotient * unit);
}

function floatOf(value: unknown): number | undefined {
  if (typeof value === 'string') return parseFloatText(value);
  if (isNumeric(value)) return numberOf(value);
  return undefined;
}

function toFloat(value: unknown, [fallback]: unknown[]): unknown {
  const parsed = floatOf(value);
  return parsed === undefined ? fallback : makeFloat(parsed);
}

function absolute(value: unknown): unknown {
  if (!isNumeric(value)) throw typeFault(`bad operand type for abs(): '${typeName(value)}'`);
  if (typeof value === 'bigint') return value < 0n ? -value : value;
  return makeNumber(Math.abs(numberOf(value)), value instanceof PyFloat || isFloat(value));
}

const roundFilter: FilterSpec = { parameters: [['precision', 0], ['method', 'common']], run: round };

export const NUMBER_FILTERS: FilterTable = [
  ['round', roundFilter],
  ['int', { parameters: [['default', 0], ['base', 10]], run: toInt }],
  ['float', { parameters: [['default', new PyFloat(0)]], run: toFloat }],
  ['abs', { parameters: [], run: absolute }],
];
