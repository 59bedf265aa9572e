/**
 * Jinja 3.1's formatting filters: tojson, indent, center, striptags, urlencode, pprint,
 * filesizeformat, xmlattr, safe, forceescape.
 */
import { ValueMeter, built, chargeSteps, chargeValue, checkDepth } from './budget';
import { typeFault } from './faults';
import type { FilterTable } from './filterSpec';
import { floatRepr, formatFixed, htmlUnescape, wrapText } from '../python';
import { pySplit } from './pyString';
import { splitlines } from './moreMethods';
import { pformat } from './pprint';
import { joinTexts, pyIterate, pyOrder, pyTruthy } from './pySemantics';
import { pyRepr, pyStr } from './pyText';
import { dictEntries, isDict } from './pyDict';
import { escapeText } from './markup';
import { Markup, PyFloat, UndefinedValue, isInt, isNumeric, numberOf, requireDefined, typeName, unmark } from './values';

const JSON_UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** json.dumps(value, sort_keys=True, indent=indent) with Jinja's HTML-safe replacements. */
function tojson(value: unknown, [indent]: unknown[]): string {
  const meter = new ValueMeter();
  const text = jsonOf(value, indent === null ? null : ' '.repeat(Number(indent)), '', meter, 0);
  meter.finish();
  return text.replace(/[<>&']/g, (char) => JSON_UNSAFE[char]!);
}

function jsonString(text: string): string {
  // eslint-disable-next-line no-control-regex -- JSON escapes control characters
  return `"${text.replace(/[\\"\u0000-\u001f\u007f-\uffff]/g, (char) => {
    if (char === '"' || char === '\\') return `\\${char}`;
    const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return escapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}

function jsonOf(value: unknown, indent: string | null, prefix: string, meter: ValueMeter, depth: number): string {
  chargeSteps();
  checkDepth(depth);
  const defined = requireDefined(unmark(value));
  let text: string;
  if (defined === null || defined === undefined) text = 'null';
  else if (typeof defined === 'boolean') text = defined ? 'true' : 'false';
  else if (typeof defined === 'string') text = jsonString(defined);
  else if (defined instanceof PyFloat) text = jsonFloat(defined.value);
  else if (typeof defined === 'bigint') text = defined.toString();
  else if (typeof defined === 'number') text = Number.isInteger(defined) ? String(defined) : jsonFloat(defined);
  else if (Array.isArray(defined)) text = jsonContainer('[', ']', defined.map((item) => (inner: string) => jsonOf(item, indent, inner, meter, depth + 1)), indent, prefix);
  else if (isDict(defined)) {
    const entries = sortedJsonEntries(dictEntries(defined));
    text = jsonContainer('{', '}', entries.map(([key, item]) => (inner: string) => `${jsonString(key)}: ${jsonOf(item, indent, inner, meter, depth + 1)}`), indent, prefix);
  } else throw typeFault(`Object of type ${typeName(defined)} is not JSON serializable`);
  meter.add(text.length);
  return text;
}

function jsonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return floatRepr(value);
}

function jsonContainer(open: string, close: string, items: Array<(inner: string) => string>, indent: string | null, prefix: string): string {
  if (items.length === 0) return open + close;
  if (indent === null) return open + items.map((item) => item(prefix)).join(', ') + close;
  const inner = prefix + indent;
  return `${open}\n${items.map((item) => inner + item(inner)).join(',\n')}\n${prefix}${close}`;
}

/** str.splitlines() without the line ends. */
function splitLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- str.splitlines() breaks at these separators
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function indent(value: unknown, [width, first, blank]: unknown[]): string {
  const indention = typeof width === 'string' ? width : ' '.repeat(Math.max(0, numberOf(requireDefined(width) as number)));
  const lines = splitLines(`${pyStr(value)}\n`);
  chargeValue(pyStr(value).length + lines.length * indention.length);
  let out: string;
  if (pyTruthy(blank)) out = lines.join(`\n${indention}`);
  else out = [lines[0] ?? '', ...lines.slice(1).map((line) => (line === '' ? line : indention + line))].join('\n');
  return pyTruthy(first) ? indention + out : out;
}

function center(value: unknown, [width]: unknown[]): string {
  const text = pyStr(value);
  const size = numberOf(requireDefined(width) as number);
  const length = Array.from(text).length;
  if (size <= length) return text;
  chargeValue(size);
  const missing = size - length;
  // CPython: the extra space goes left when the text length is odd and the padding odd.
  const left = Math.floor(missing / 2) + (missing & size & 1);
  return ' '.repeat(left) + text + ' '.repeat(missing - left);
}

/** Markup.striptags: comments and tags removed, whitespace collapsed, then html.unescape. */
export function striptags(value: unknown): string {
  const text = pyStr(value).replace(/<!--[^\n]*?-->|<[^>]*>/g, '');
  return htmlUnescape(pySplit(text, null, -1).join(' '));
}

function quote(text: string, plusForSpace: boolean): string {
  const safe = plusForSpace ? /[A-Za-z0-9_.\-~]/ : /[A-Za-z0-9_.\-~/]/;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += safe.test(char) ? char : plusForSpace && char === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** json.dumps(sort_keys=True): keys sorted as Python sorts them, then written as JSON strings. */
function sortedJsonEntries(entries: Array<[unknown, unknown]>): Array<[string, unknown]> {
  const sorted = [...entries].sort(([a], [b]) => (pyOrder('<', a, b) ? -1 : pyOrder('<', b, a) ? 1 : 0));
  return sorted.map(([key, item]) => {
    if (typeof key === 'string') return [key, item];
    if (key === null) return ['null', item];
    if (typeof key === 'boolean') return [key ? 'true' : 'false', item];
    if (isInt(key)) return [String(numberOf(key)), item];
    if (typeof key === 'number' || key instanceof PyFloat) return [pyStr(key), item];
    throw typeFault(`keys must be str, int, float, bool or None, not ${typeName(key)}`);
  });
}

/** Jinja's do_wordwrap: each line of the text wrapped on its own by textwrap.wrap, joined by `wrapstring`. */
function wordwrap(value: unknown, [width, breakLongWords, wrapstring, breakOnHyphens]: unknown[]): string {
  if (!isInt(width)) throw typeFault(`'${typeName(width)}' object cannot be interpreted as an integer`);
  const separator = wrapstring === null ? '\n' : pyStr(wrapstring);
  const options = { width: numberOf(width), breakLongWords: pyTruthy(breakLongWords), breakOnHyphens: pyTruthy(breakOnHyphens) };
  const text = pyStr(value);
  chargeSteps(text.length);
  let lines: string[][];
  try {
    lines = splitlines(text, [false]).map((line) => wrapText(line, options));
  } catch (error) {
    if (error instanceof RangeError) throw typeFault(error.message);
    throw error;
  }
  return joinTexts(lines.map((wrapped) => joinTexts(wrapped, separator)), separator);
}

function urlencode(value: unknown): string {
  const defined = requireDefined(value);
  // url_quote(str(value)) for a string or anything not iterable (42|urlencode is '42').
  if (typeof defined === 'string' || defined === null || isNumeric(defined)) return quote(pyStr(defined), false);
  const pairs = isDict(defined) ? dictEntries(defined) : pyIterate(defined).map((pair) => {
    const items = pyIterate(pair);
    if (items.length !== 2) throw typeFault(`ValueError: ${items.length > 2 ? 'too many values to unpack (expected 2)' : `not enough values to unpack (expected 2, got ${items.length})`}`);
    return items;
  });
  return pairs.map(([key, item]) => `${quote(pyStr(key), true)}=${quote(pyStr(item), true)}`).join('&');
}

function filesizeformat(value: unknown, [binary]: unknown[]): string {
  const bytes = Number(isInt(value) || value instanceof PyFloat ? numberOf(value) : Number(pyStr(value)));
  const base = pyTruthy(binary) ? 1024 : 1000;
  const prefixes = pyTruthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let index = 0;
  while (index < prefixes.length - 1 && bytes >= base ** (index + 2)) index += 1;
  return `${formatFixed(base * bytes / base ** (index + 2), 1)} ${prefixes[index]}`; // '%.1f': ties to even
}


function xmlattr(value: unknown, [autospace]: unknown[]): string {
  const dict = requireDefined(value);
  if (!isDict(dict)) throw typeFault('xmlattr needs a mapping');
  const items = dictEntries(dict).flatMap(([name, item]) => {
    const key = pyStr(name);
    if (item === null || item === undefined || item instanceof UndefinedValue) return [];
    if (/[\s/>=]/.test(key)) throw typeFault(`Invalid character in attribute name: ${pyRepr(key)}`);
    return [`${escapeText(key)}="${escapeText(pyStr(item))}"`];
  });
  const text = items.join(' ');
  return built(text !== '' && pyTruthy(autospace) ? ` ${text}` : text);
}

export const FORMAT_FILTERS: FilterTable = [
  ['tojson', { parameters: [['indent', null]], run: tojson }],
  ['indent', { parameters: [['width', 4], ['first', false], ['blank', false]], run: indent }],
  ['center', { parameters: [['width', 80]], run: center }],
  ['wordwrap', { parameters: [['width', 79], ['break_long_words', true], ['wrapstring', null], ['break_on_hyphens', true]], run: wordwrap }],
  ['striptags', { parameters: [], run: striptags }],
  ['urlencode', { parameters: [], run: urlencode }],
  // pprint is pformat (repr laid out): a StrictUndefined prints as `Undefined` (its repr does not fail), a Markup as Markup('...').
  ['pprint', { parameters: [], acceptsUndefined: true, keepsMarkup: true, run: (value) => pformat(value) }],
  ['filesizeformat', { parameters: [['binary', false]], run: filesizeformat }],
  ['xmlattr', { parameters: [['autospace', true]], run: xmlattr }],
  ['safe', { parameters: [], keepsMarkup: true, run: (value) => (value instanceof Markup ? value : new Markup(pyStr(value))) }],
  ['forceescape', { parameters: [], keepsMarkup: true, run: (value) => new Markup(escapeText(pyStr(value))) }],
];
