/**
 * Python str semantics that JS strings lack: the isspace() set, strip(chars),
 * split(sep, maxsplit), replace(old, new, count), title() and capitalize().
 */
import { built, chargeSteps, chargeValue } from './budget';
import { typeFault } from './faults';
import { isSpace as isPySpace, titleCase } from '../python';
import { markLocal } from './values';

export { SPACE_CLASS as PY_SPACE_CLASS, isSpace as isPySpace } from '../python';

/** Code points, without building an array when the text has no surrogate pairs. */
export function codePoints(text: string): readonly string[] {
  return /[\uD800-\uDFFF]/.test(text) ? built(Array.from(text)) : built(text.split(''));
}

export function codePointLength(text: string): number {
  if (!/[\uD800-\uDFFF]/.test(text)) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || !isHighSurrogate(text.charCodeAt(i - 1))) count += 1;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function pyStrip(text: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  const strips = chars === null ? isPySpace : (char: string) => chars.includes(char);
  let start = 0;
  let end = text.length;
  if (side !== 'right') {
    while (start < end) {
      const char = String.fromCodePoint(text.codePointAt(start)!);
      if (!strips(char)) break;
      start += char.length;
    }
  }
  if (side !== 'left') {
    while (end > start) {
      const width = end - 2 >= start && isHighSurrogate(text.charCodeAt(end - 2)) && !isHighSurrogate(text.charCodeAt(end - 1)) ? 2 : 1;
      if (!strips(text.slice(end - width, end))) break;
      end -= width;
    }
  }
  return text.slice(start, end);
}

export function pySplit(text: string, separator: string | null, maxSplit: number): string[] {
  if (separator === null) return splitOnWhitespace(text, maxSplit);
  if (separator === '') throw typeFault('empty separator');
  const parts: string[] = [];
  let from = 0;
  while (maxSplit < 0 || parts.length < maxSplit) {
    const at = text.indexOf(separator, from);
    if (at < 0) break;
    chargeSteps();
    parts.push(text.slice(from, at));
    from = at + separator.length;
  }
  parts.push(text.slice(from));
  return markLocal(built(parts));
}

/** Whitespace is all in the BMP, so scanning code units is exact. */
function splitOnWhitespace(text: string, maxSplit: number): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isPySpace(text[i]!)) i += 1;
    if (i >= text.length) break;
    chargeSteps();
    if (maxSplit >= 0 && parts.length === maxSplit) {
      // CPython keeps the remainder from its first non-space to the very end.
      parts.push(text.slice(i));
      break;
    }
    const start = i;
    while (i < text.length && !isPySpace(text[i]!)) i += 1;
    parts.push(text.slice(start, i));
  }
  return markLocal(built(parts));
}

export function pyReplace(text: string, old: string, replacement: string, count: number): string {
  if (count === 0) return text;
  if (old === '') {
    const slots = codePointLength(text) + 1;
    chargeValue(text.length + (count < 0 ? slots : Math.min(count, slots)) * replacement.length);
  }
  // Python inserts the replacement before every code point and at the end when `old` is ''.
  const pieces = old === '' ? ['', ...codePoints(text), ''] : text.split(old);
  const replaced = count < 0 ? pieces.length - 1 : Math.min(count, pieces.length - 1);
  chargeValue(text.length + replaced * (replacement.length - old.length));
  if (replaced === pieces.length - 1) return pieces.join(replacement);
  return pieces.slice(0, replaced + 1).join(replacement) + old + pieces.slice(replaced + 1).join(old);
}

const CASED_RUN = /[\p{Lowercase}\p{Uppercase}\p{Lt}]+/gu;

/**
 * Rewrites each match of `pattern` (a global regex), copying the text between matches, and
 * joins the output in chunks: building a long text one piece at a time, or through millions
 * of regex callbacks, would hold millions of small strings at once.
 */
export function mapRuns(text: string, pattern: RegExp, mapRun: (run: string) => string): string {
  chargeValue(text.length);
  const chunks: string[] = [];
  let pending: string[] = [];
  let copied = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    chargeSteps();
    pending.push(text.slice(copied, match.index), mapRun(match[0]));
    copied = match.index + match[0].length;
    if (pending.length >= 4096) {
      chunks.push(pending.join(''));
      pending = [];
    }
  }
  pending.push(text.slice(copied));
  chunks.push(pending.join(''));
  return built(chunks.join(''));
}

/** The first code point mapped by `first`, the rest lower-cased. */
export function capitalizeWith(run: string, first: (char: string) => string): string {
  const head = String.fromCodePoint(run.codePointAt(0)!);
  return first(head) + run.slice(head.length).toLowerCase();
}

/** Python str.title(): each run of cased characters starts in title case and goes on in lower case. */
export function pyTitle(text: string): string {
  return mapRuns(text, CASED_RUN, (run) => capitalizeWith(run, titleCase));
}

/** Python 3.8+ capitalize(): the first character in title case, the rest lower case. */
export function pyCapitalize(text: string): string {
  if (text === '') return '';
  return built(capitalizeWith(text, titleCase));
}

/** str.islower()/isupper(): at least one cased character and none of the other case. */
export function pyIsLower(text: string): boolean {
  return /\p{Ll}/u.test(text) && !/[\p{Lu}\p{Lt}]/u.test(text);
}

export function pyIsUpper(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/[\p{Ll}\p{Lt}]/u.test(text);
}
