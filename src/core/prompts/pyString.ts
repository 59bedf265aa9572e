/**
 * Python str semantics that JS strings lack: the isspace() set, strip(chars),
 * split(sep, maxsplit), replace(old, new, count), title() and capitalize().
 */
import { typeFault } from './faults';

// str.isspace(): JS trim() differs (it strips U+FEFF, keeps U+001C..U+001F and U+0085).
const PY_SPACE_CODES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPySpace(char: string): boolean {
  return PY_SPACE_CODES.has(char.charCodeAt(0));
}

export function pyStrip(text: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  const strips = chars === null ? isPySpace : (char: string) => chars.includes(char);
  const points = Array.from(text);
  let start = 0;
  let end = points.length;
  if (side !== 'right') while (start < end && strips(points[start]!)) start += 1;
  if (side !== 'left') while (end > start && strips(points[end - 1]!)) end -= 1;
  return points.slice(start, end).join('');
}

export function pySplit(text: string, separator: string | null, maxSplit: number): string[] {
  if (separator === null) return splitOnWhitespace(text, maxSplit);
  if (separator === '') throw typeFault('empty separator');
  const parts: string[] = [];
  let rest = text;
  while (maxSplit < 0 || parts.length < maxSplit) {
    const at = rest.indexOf(separator);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  parts.push(rest);
  return parts;
}

function splitOnWhitespace(text: string, maxSplit: number): string[] {
  const parts: string[] = [];
  const points = Array.from(text);
  let i = 0;
  while (i < points.length) {
    while (i < points.length && isPySpace(points[i]!)) i += 1;
    if (i >= points.length) break;
    if (maxSplit >= 0 && parts.length === maxSplit) {
      // CPython keeps the remainder from its first non-space to the very end.
      parts.push(points.slice(i).join(''));
      break;
    }
    const start = i;
    while (i < points.length && !isPySpace(points[i]!)) i += 1;
    parts.push(points.slice(start, i).join(''));
  }
  return parts;
}

export function pyReplace(text: string, old: string, replacement: string, count: number): string {
  if (count === 0) return text;
  if (old === '') {
    // Python inserts the replacement before every code point and at the end.
    const points = Array.from(text);
    const slots = count < 0 ? points.length + 1 : Math.min(count, points.length + 1);
    let out = '';
    for (let i = 0; i < points.length + 1; i += 1) {
      if (i < slots) out += replacement;
      if (i < points.length) out += points[i];
    }
    return out;
  }
  if (count < 0) return text.split(old).join(replacement);
  const pieces = pySplit(text, old, count);
  return pieces.join(replacement);
}

const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

/** Python str.title(): a letter after a cased letter is lowered, any other is uppercased. */
export function pyTitle(text: string): string {
  let previousCased = false;
  let out = '';
  for (const char of text) {
    out += previousCased ? char.toLowerCase() : char.toUpperCase();
    previousCased = CASED.test(char);
  }
  return out;
}

export function pyCapitalize(text: string): string {
  const points = Array.from(text);
  if (points.length === 0) return '';
  return points[0]!.toUpperCase() + points.slice(1).join('').toLowerCase();
}

/** str.islower()/isupper(): at least one cased character and none of the other case. */
export function pyIsLower(text: string): boolean {
  return /\p{Ll}/u.test(text) && !/[\p{Lu}\p{Lt}]/u.test(text);
}

export function pyIsUpper(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/[\p{Ll}\p{Lt}]/u.test(text);
}
