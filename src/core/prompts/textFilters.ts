/** Jinja 3.1's string filters, with Jinja's (not Python's) rules where they differ. */
import { REQUIRED } from './args';
import { typeFault } from './faults';
import type { FilterSpec, FilterTable } from './filterSpec';
import { pyLen, pyTruthy } from './pySemantics';
import { built, chargeSteps } from './budget';
import { PY_SPACE_CLASS, capitalizeWith, codePointLength, codePoints, mapRuns, pyCapitalize, pyReplace, pyStrip } from './pyString';
import { pyStr } from './pyText';
import { percentFormat } from './printf';
import { escapeMarkup, markupArithmetic } from './markup';
import { dictFromEntries } from './pyDict';
import { Markup, UndefinedValue, isInt, makeTuple, numberOf, typeName } from './values';

const defaultFilter: FilterSpec = {
  parameters: [['default_value', ''], ['boolean', false]],
  acceptsUndefined: true,
  keepsMarkup: true,
  run: (value, [fallback, boolean]) =>
    value instanceof UndefinedValue || (pyTruthy(boolean) && !pyTruthy(value)) ? fallback : value,
};

/**
 * Jinja's title filter: each piece after a run of `-`, whitespace, `(`, `{`, `[` or `<` gets
 * its first character upper-cased and the rest lower-cased.
 */
const WORD = new RegExp(`[^-${PY_SPACE_CLASS}({\\[<]+`, 'gu');

function jinjaTitle(text: string): string {
  return mapRuns(text, WORD, (word) => capitalizeWith(word, (char) => char.toUpperCase()));
}

function truncate(value: unknown, [length, killwords, end, leeway]: unknown[]): unknown {
  const size = requireInt(length, 'length');
  const ending = pyStr(end);
  const slack = leeway === null ? 5 : requireInt(leeway, 'leeway');
  const endLength = pyLen(ending);
  if (size < endLength) throw typeFault(`expected length >= ${endLength}, got ${size}`);
  if (slack < 0) throw typeFault(`expected leeway >= 0, got ${slack}`);
  // Jinja measures len() of whatever it gets; only strings can actually be cut.
  if (typeof value !== 'string') {
    if (pyLen(value) <= size + slack) return value;
    throw typeFault(`truncate can only shorten strings, not ${typeName(value)}`);
  }
  if (codePointLength(value) <= size + slack) return value;
  const kept = codePoints(value).slice(0, Math.max(0, size - endLength)).join('');
  if (pyTruthy(killwords)) return kept + ending;
  const lastSpace = kept.lastIndexOf(' ');
  return (lastSpace < 0 ? kept : kept.slice(0, lastSpace)) + ending;
}

/** Jinja counts `\w+` runs; counting through the iterator keeps a huge text from building an array. */
function countWords(text: string): number {
  let count = 0;
  for (const _word of text.matchAll(/[\p{L}\p{N}_]+/gu)) count += 1;
  chargeSteps(count);
  return count;
}

function requireInt(value: unknown, what: string): number {
  if (!isInt(value)) throw typeFault(`${what} must be an integer, not ${typeName(value)}`);
  return numberOf(value);
}


/** `'%s, %s'|format(a, b)` is `'%s, %s' % (a, b)`; keyword arguments make a mapping. */
const formatFilter: FilterSpec = {
  parameters: [],
  keepsMarkup: true,
  run: (value) => value,
  runVariadic: (value, { positional, keywords }) => {
    if (positional.length > 0 && keywords.size > 0) {
      throw typeFault("can't handle positional and keyword arguments at the same time");
    }
    const args = keywords.size > 0 ? dictFromEntries(keywords) : makeTuple(positional);
    // soft_str keeps a Markup, whose % escapes the arguments.
    if (value instanceof Markup) return markupArithmetic('%', value, args);
    return percentFormat(pyStr(value), args);
  },
};

const escapeFilter: FilterSpec = { parameters: [], keepsMarkup: true, run: escapeMarkup };

export const TEXT_FILTERS: FilterTable = [
  ['default', defaultFilter],
  ['d', defaultFilter],
  ['upper', { parameters: [], run: (v) => built(pyStr(v).toUpperCase()) }],
  ['lower', { parameters: [], run: (v) => built(pyStr(v).toLowerCase()) }],
  ['title', { parameters: [], run: (v) => jinjaTitle(pyStr(v)) }],
  ['capitalize', { parameters: [], run: (v) => pyCapitalize(pyStr(v)) }],
  ['trim', { parameters: [['chars', null]], run: (v, [chars]) => pyStrip(pyStr(v), chars === null ? null : pyStr(chars), 'both') }],
  ['replace', {
    parameters: [['old', REQUIRED], ['new', REQUIRED], ['count', null]],
    run: (v, [old, replacement, count]) =>
      pyReplace(pyStr(v), pyStr(old), pyStr(replacement), count === null ? -1 : requireInt(count, 'count')),
  }],
  ['truncate', { parameters: [['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], run: truncate }],
  ['wordcount', { parameters: [], run: (v) => countWords(pyStr(v)) }],
  ['string', { parameters: [], keepsMarkup: true, run: (v) => (v instanceof Markup ? v : pyStr(v)) }],
  ['format', formatFilter],
  ['e', escapeFilter],
  ['escape', escapeFilter],
];
