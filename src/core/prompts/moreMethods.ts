/**
 * More of the Python str and list methods templates call: find/rfind/index/count, the is*
 * tests, padding, splitting, partition, case changes, prefixes, expandtabs, and a safe
 * str.format (fields name positions or keywords only: no attribute or index traversal).
 */
import { REQUIRED, type ParameterList } from './args';
import { built, chargeSteps, chargeValue } from './budget';
import { typeFault } from './faults';
import { isSpace, decimalValue } from '../python';
import { pyEquals, pyIterate, pyOrder, pyTruthy } from './pySemantics';
import { codePointLength, codePoints, pySplit } from './pyString';
import { pyRepr } from './pyText';
import { isInt, makeTuple, markLocal, numberOf, typeName } from './values';

export interface MethodSpec<T> {
  parameters: ParameterList;
  run: (receiver: T, args: unknown[]) => unknown;
}

const text = (value: unknown, method: string): string => {
  if (typeof value !== 'string') throw typeFault(`${method}() argument must be str, not ${typeName(value)}`);
  return value;
};
const int = (value: unknown, fallback: number): number => (value === null ? fallback : numberOf(value as number));

function window(s: string, start: unknown, end: unknown): { body: string; offset: number } {
  const points = codePoints(s);
  const clamp = (v: number): number => Math.max(0, Math.min(points.length, v < 0 ? v + points.length : v));
  const from = clamp(int(start, 0));
  return { body: points.slice(from, clamp(int(end, points.length))).join(''), offset: from };
}

function find(reverse: boolean, raise: boolean): MethodSpec<string> {
  return {
    parameters: [['sub', REQUIRED], ['start', null], ['end', null]],
    run: (s, [sub, start, end]) => {
      const { body, offset } = window(s, start, end);
      const at = reverse ? body.lastIndexOf(text(sub, 'find')) : body.indexOf(text(sub, 'find'));
      if (at < 0) {
        if (raise) throw typeFault('substring not found');
        return -1;
      }
      return offset + codePointLength(body.slice(0, at));
    },
  };
}

const noArgs: ParameterList = [];
const test = (pattern: RegExp, nonEmpty = true): MethodSpec<string> => ({ parameters: noArgs, run: (s) => (!nonEmpty || s !== '') && pattern.test(s) });

function pad(kind: 'l' | 'r' | 'c'): MethodSpec<string> {
  return {
    parameters: [['width', REQUIRED], ['fillchar', ' ']],
    run: (s, [width, fill]) => {
      const size = numberOf(width as number);
      const length = codePointLength(s);
      if (size <= length) return s;
      chargeValue(size);
      const missing = size - length;
      const f = text(fill, 'pad');
      if (kind === 'l') return s + f.repeat(missing);
      if (kind === 'r') return f.repeat(missing) + s;
      const left = Math.floor(missing / 2) + (missing & size & 1);
      return f.repeat(left) + s + f.repeat(missing - left);
    },
  };
}

function partition(reverse: boolean): MethodSpec<string> {
  return {
    parameters: [['sep', REQUIRED]],
    run: (s, [sep]) => {
      const separator = text(sep, 'partition');
      if (separator === '') throw typeFault('ValueError: empty separator');
      const at = reverse ? s.lastIndexOf(separator) : s.indexOf(separator);
      if (at < 0) return makeTuple(reverse ? ['', '', s] : [s, '', '']);
      return makeTuple([s.slice(0, at), separator, s.slice(at + separator.length)]);
    },
  };
}

export function splitlines(s: string, [keepends]: unknown[]): string[] {
  const lines: string[] = [];
  // eslint-disable-next-line no-control-regex -- str.splitlines() breaks at these separators
  const pattern = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let from = 0;
  for (let match = pattern.exec(s); match !== null; match = pattern.exec(s)) {
    lines.push(s.slice(from, keepends === true ? match.index + match[0].length : match.index));
    from = match.index + match[0].length;
  }
  if (from < s.length) lines.push(s.slice(from));
  return markLocal(built(lines));
}

/** str.rsplit(None, n): words taken from the right; the rest keeps its own spacing, less the trailing run. */
function rsplitWhitespace(s: string, limit: number): string[] {
  const chars = Array.from(s);
  const parts: string[] = [];
  let i = chars.length - 1;
  for (let count = 0; count < limit; count += 1) {
    while (i >= 0 && isSpace(chars[i]!)) i -= 1;
    if (i < 0) break;
    const end = i;
    while (i >= 0 && !isSpace(chars[i]!)) i -= 1;
    parts.unshift(chars.slice(i + 1, end + 1).join(''));
  }
  while (i >= 0 && isSpace(chars[i]!)) i -= 1;
  if (i >= 0) parts.unshift(chars.slice(0, i + 1).join(''));
  return markLocal(built(parts));
}

function rsplit(s: string, [sep, max]: unknown[]): string[] {
  const limit = int(max, -1);
  if (limit < 0) return pySplit(s, sep === null ? null : text(sep, 'rsplit'), -1);
  if (sep === null) return rsplitWhitespace(s, limit);
  const separator = text(sep, 'rsplit');
  const parts: string[] = [];
  let rest = s;
  while (parts.length < limit) {
    const at = rest.lastIndexOf(separator);
    if (at < 0) break;
    parts.unshift(rest.slice(at + separator.length));
    rest = rest.slice(0, at);
  }
  return markLocal(built([rest, ...parts]));
}

const isDecimalText = (s: string): boolean => s !== '' && Array.from(s).every((c) => decimalValue(c) >= 0);

export const MORE_STRING_METHODS: ReadonlyArray<readonly [string, MethodSpec<string>]> = [
  ['find', find(false, false)],
  ['rfind', find(true, false)],
  ['index', find(false, true)],
  ['rindex', find(true, true)],
  ['count', { parameters: [['sub', REQUIRED], ['start', null], ['end', null]], run: (s, [sub, start, end]) => {
    const { body } = window(s, start, end);
    const needle = text(sub, 'count');
    return needle === '' ? codePointLength(body) + 1 : body.split(needle).length - 1;
  } }],
  ['isdigit', test(/^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u2468]+$/u)],
  ['isdecimal', { parameters: noArgs, run: (s) => isDecimalText(s) }],
  ['isnumeric', test(/^[\p{Nd}\p{Nl}\p{No}]+$/u)],
  ['isalpha', test(/^\p{L}+$/u)],
  // Python: no uppercase or titlecase character, and at least one lowercase one (and vice versa).
  ['islower', { parameters: noArgs, run: (s) => /\p{Lowercase}/u.test(s) && !/[\p{Uppercase}\p{Lt}]/u.test(s) }],
  ['isupper', { parameters: noArgs, run: (s) => /\p{Uppercase}/u.test(s) && !/[\p{Lowercase}\p{Lt}]/u.test(s) }],
  ['isalnum', test(/^[\p{L}\p{N}]+$/u)],
  ['isspace', { parameters: noArgs, run: (s) => s !== '' && Array.from(s).every(isSpace) }],
  ['isascii', { parameters: noArgs, run: (s) => !/[\u0080-\u{10ffff}]/u.test(s) }],
  ['isidentifier', test(/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u)],
  ['isprintable', test(/^[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*$/u, false)],
  ['istitle', { parameters: noArgs, run: (s) => /\p{Lu}|\p{Lt}/u.test(s) && !/(^|[^\p{L}])\p{Ll}|[\p{L}][\p{Lu}\p{Lt}]/u.test(s) }],
  ['zfill', { parameters: [['width', REQUIRED]], run: (s, [width]) => {
    const size = numberOf(width as number);
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    const missing = size - codePointLength(s);
    if (missing <= 0) return s;
    chargeValue(size);
    return sign + '0'.repeat(missing) + s.slice(sign.length);
  } }],
  ['ljust', pad('l')],
  ['rjust', pad('r')],
  ['center', pad('c')],
  ['rsplit', { parameters: [['sep', null], ['maxsplit', -1]], run: rsplit }],
  ['splitlines', { parameters: [['keepends', false]], run: splitlines }],
  ['partition', partition(false)],
  ['rpartition', partition(true)],
  ['casefold', { parameters: noArgs, run: (s) => built(s.toLowerCase().replace(/ß/g, 'ss')) }],
  // Upper to lower and lower to upper; a titlecase letter (ǅ) or a caseless one stays.
  ['swapcase', { parameters: noArgs, run: (s) => built(Array.from(s).map((c) => (/\p{Uppercase}/u.test(c) ? c.toLowerCase() : /\p{Lowercase}/u.test(c) ? c.toUpperCase() : c)).join('')) }],
  ['removeprefix', { parameters: [['prefix', REQUIRED]], run: (s, [p]) => (s.startsWith(text(p, 'removeprefix')) ? s.slice(String(p).length) : s) }],
  ['removesuffix', { parameters: [['suffix', REQUIRED]], run: (s, [p]) => (String(p) !== '' && s.endsWith(text(p, 'removesuffix')) ? s.slice(0, s.length - String(p).length) : s) }],
  ['expandtabs', { parameters: [['tabsize', 8]], run: (s, [size]) => {
    const tab = numberOf(size as number);
    let column = 0;
    return built(Array.from(s).map((c) => {
      if (c === '\t') {
        const spaces = tab > 0 ? tab - (column % tab) : 0;
        column += spaces;
        return ' '.repeat(spaces);
      }
      column = c === '\n' || c === '\r' ? 0 : column + 1;
      return c;
    }).join(''));
  } }],
];

function requireIndex(value: unknown, method: string): number {
  if (!isInt(value)) throw typeFault(`'${typeName(value)}' object cannot be interpreted as an integer (${method})`);
  return numberOf(value);
}

export const LIST_METHODS: ReadonlyArray<readonly [string, MethodSpec<readonly unknown[]>]> = [
  ['index', { parameters: [['value', REQUIRED]], run: (l, [v]) => {
    const at = l.findIndex((item) => pyEquals(item, v));
    if (at < 0) throw typeFault(`${pyRepr(v)} is not in list`);
    return at;
  } }],
  ['count', { parameters: [['value', REQUIRED]], run: (l, [v]) => l.filter((item) => pyEquals(item, v)).length }],
  ['copy', { parameters: noArgs, run: (l) => markLocal(built([...l])) }],
];

/** Methods that change a list: only on lists the template built itself (rows stay as they came). */
export const MUTATING_LIST_METHODS: ReadonlyArray<readonly [string, MethodSpec<unknown[]>]> = [
  ['append', { parameters: [['object', REQUIRED]], run: (l, [v]) => { chargeValue(l.length + 1); l.push(v); return null; } }],
  ['extend', { parameters: [['iterable', REQUIRED]], run: (l, [v]) => { const items = pyIterate(v); chargeValue(l.length + items.length); l.push(...items); return null; } }],
  ['insert', { parameters: [['index', REQUIRED], ['object', REQUIRED]], run: (l, [i, v]) => {
    const index = requireIndex(i, 'insert');
    chargeValue(l.length + 1);
    l.splice(index < 0 ? Math.max(0, l.length + index) : Math.min(index, l.length), 0, v);
    return null;
  } }],
  ['remove', { parameters: [['value', REQUIRED]], run: (l, [v]) => {
    const at = l.findIndex((item) => pyEquals(item, v));
    if (at < 0) throw typeFault('ValueError: list.remove(x): x not in list');
    l.splice(at, 1);
    return null;
  } }],
  ['sort', { parameters: [['key', null], ['reverse', false]], run: (l, [key, reverse]) => {
    if (key !== null) throw typeFault(`'${typeName(key)}' object is not callable`);
    chargeSteps(l.length);
    const direction = pyTruthy(reverse) ? -1 : 1;
    const sorted = [...l].sort((a, b) => direction * (pyOrder('<', a, b) ? -1 : pyOrder('<', b, a) ? 1 : 0));
    l.splice(0, l.length, ...sorted);
    return null;
  } }],
  ['reverse', { parameters: noArgs, run: (l) => { l.reverse(); return null; } }],
  ['clear', { parameters: noArgs, run: (l) => { l.length = 0; return null; } }],
  ['pop', { parameters: [['index', -1]], run: (l, [i]) => {
    if (l.length === 0) throw typeFault('pop from empty list');
    const index = requireIndex(i, 'pop');
    const position = index < 0 ? l.length + index : index;
    if (position < 0 || position >= l.length) throw typeFault('pop index out of range');
    return l.splice(position, 1)[0];
  } }],
];
