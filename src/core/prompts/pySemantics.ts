/**
 * Python's truthiness, equality, ordering, membership, len() and iteration over template
 * values. StrictUndefined takes part in none of them: each use fails with its message.
 */
import { NA_AMBIGUOUS, PandasNA } from '../data/pandasNA';
import { ValueMeter, built, chargeSteps, checkDepth } from './budget';
import { typeFault } from './faults';
import { codePointLength, codePoints } from './pyString';
import { LoopContext } from './loopContext';
import { PyIterator } from './iterators';
import { dictEntries, dictKeys, dictLookup, dictSize, isDict } from './pyDict';
import { type PyFloat, bigOf, isInt, isLenientUndefined, isNumeric, isSequence, isTuple, numberOf, requireDefined, typeName, unmark, viewKind } from './values';

export function pyTruthy(value: unknown): boolean {
  if (isLenientUndefined(value)) return false;
  const defined = requireDefined(unmark(value));
  if (defined === null || defined === undefined) return false;
  if (typeof defined === 'boolean') return defined;
  if (defined instanceof PandasNA) throw typeFault(NA_AMBIGUOUS); // pd.NA from a nullable column (data/pandasNA.ts)
  if (isNumeric(defined)) return numberOf(defined) !== 0; // NaN is truthy in Python too
  if (typeof defined === 'string' || Array.isArray(defined)) return defined.length > 0;
  if (isDict(defined)) return dictSize(defined) > 0;
  return true;
}

export function pyEquals(left: unknown, right: unknown, depth = 0): boolean {
  chargeSteps();
  checkDepth(depth);
  // A plain jinja2.Undefined equals only another Undefined (Undefined.__eq__).
  if (isLenientUndefined(left) || isLenientUndefined(right)) return isLenientUndefined(left) && isLenientUndefined(right);
  const a = requireDefined(unmark(left));
  const b = requireDefined(unmark(right));
  if (a === b && typeof a === 'object') return true; // Python compares containers' items by identity first
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || viewKind(a) !== viewKind(b) || a.length !== b.length) return false;
    return a.every((item, index) => pyEquals(item, b[index], depth + 1));
  }
  if (isDict(a) && isDict(b)) {
    const entries = dictEntries(a);
    if (entries.length !== dictSize(b)) return false;
    return entries.every(([key, value]) => {
      const other = dictLookup(b, key);
      return other !== undefined && pyEquals(value, other.value, depth + 1);
    });
  }
  return a === b;
}

export type OrderingOperator = '<' | '<=' | '>' | '>=';

export function pyOrder(op: OrderingOperator, left: unknown, right: unknown, depth = 0): boolean {
  chargeSteps();
  checkDepth(depth);
  const a = requireDefined(unmark(left));
  const b = requireDefined(unmark(right));
  if (isNumeric(a) && isNumeric(b)) return applyOrder(op, compareNumbers(a, b), 0);
  if (typeof a === 'string' && typeof b === 'string') return applyOrder(op, compareCodePoints(a, b), 0);
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const shared = Math.min(a.length, b.length);
    for (let i = 0; i < shared; i += 1) {
      if (!pyEquals(a[i], b[i], depth + 1)) return pyOrder(op, a[i], b[i], depth + 1);
    }
    return applyOrder(op, a.length, b.length);
  }
  throw typeFault(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Ints compare exactly at any size (2**53 + 1 != 2**53); NaN compares as nothing. */
function compareNumbers(a: number | boolean | PyFloat | bigint, b: number | boolean | PyFloat | bigint): number {
  if (isInt(a) && isInt(b) && (typeof a === 'bigint' || typeof b === 'bigint')) {
    const x = bigOf(a);
    const y = bigOf(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const x = numberOf(a);
  const y = numberOf(b);
  return x === y ? 0 : x < y ? -1 : x > y ? 1 : Number.NaN;
}

function applyOrder(op: OrderingOperator, a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/** Python orders strings by code point; JS `<` uses UTF-16 units, which differ above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const surrogates = /[\uD800-\uDFFF]/;
  if (!surrogates.test(a) && !surrogates.test(b)) return a < b ? -1 : 1;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

export function pyContains(container: unknown, item: unknown): boolean {
  const haystack = requireDefined(unmark(container));
  // `x in []` never looks at x in Python, so an undefined x only fails once compared.
  if (Array.isArray(haystack)) return haystack.some((element) => pyEquals(element, item));
  const needle = requireDefined(unmark(item));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      throw typeFault(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    }
    return haystack.includes(needle);
  }
  if (isDict(haystack)) return dictLookup(haystack, needle) !== undefined;
  if (haystack instanceof PyIterator) {
    // `in` walks an iterator up to the first match, using up what it passed.
    for (let next = haystack.next(); next !== undefined; next = haystack.next()) if (pyEquals(next.value, needle)) return true;
    return false;
  }
  throw typeFault(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** list(value): the items a `for` loop or a sequence filter walks over. */
export function pyIterate(value: unknown): readonly unknown[] {
  if (isLenientUndefined(value)) return [];
  const defined = requireDefined(unmark(value));
  if (isSequence(defined)) {
    chargeSteps(defined.length);
    return defined.includes(undefined) ? defined.map((x) => x ?? null) : defined;
  }
  if (typeof defined === 'string') return codePoints(defined);
  if (isDict(defined)) return built(dictKeys(defined));
  if (defined instanceof PyIterator) {
    const rest = defined.drain();
    chargeSteps(rest.length);
    return rest;
  }
  throw typeFault(`'${typeName(defined)}' object is not iterable`);
}

export function pyLen(value: unknown): number {
  if (isLenientUndefined(value)) return 0;
  const defined = requireDefined(unmark(value));
  if (typeof defined === 'string') return codePointLength(defined);
  if (Array.isArray(defined)) return defined.length;
  if (isDict(defined)) return dictSize(defined);
  if (defined instanceof LoopContext) return defined.length;
  throw typeFault(`object of type '${typeName(defined)}' has no len()`);
}

/** separator.join(texts), metered: joining many references to one long text builds a long value. */
export function joinTexts(texts: readonly string[], separator: string): string {
  const meter = new ValueMeter();
  texts.forEach((text, index) => meter.add(text.length + (index > 0 ? separator.length : 0)));
  meter.finish();
  return texts.join(separator);
}
