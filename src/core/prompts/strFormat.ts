/**
 * str.format as CPython parses it (Objects/stringlib/unicode_format.h): `{{`/`}}`, fields
 * `{}`/`{0}`/`{name}` with `!r`/`!s`/`!a` and a format spec that may itself hold fields
 * (`{:>{w}}`), automatic numbering that cannot be mixed with manual numbering. Fields may not
 * traverse attributes or items (`{0.__class__}`, `{0[0]}`): the classic sandbox escape.
 */
import { built, chargeValue } from './budget';
import { typeFault } from './faults';
import { escapeText } from './markup';
import { pyFormat, type Formattable, pythonStringAscii } from '../python';
import { pyRepr, pyStr } from './pyText';
import { Markup, PyFloat, isInt, isNumeric, numberOf, typeName, unmark } from './values';

interface FormatState {
  positional: unknown[];
  keywords: Map<string, unknown>;
  markup: boolean;
  /** The next automatic index, or 'manual' once a field named a position. */
  auto: number | 'manual' | 'unset';
}

/** `template.format(...)`; `markup` applies Markup.format's escaping of each field. */
export function safeFormat(template: string, positional: unknown[], keywords: Map<string, unknown>, markup = false): string {
  return built(expand(template, { positional, keywords, markup, auto: 'unset' }, 2));
}

function expand(template: string, state: FormatState, depth: number): string {
  if (depth <= 0) throw typeFault('ValueError: Max string recursion exceeded');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i]!;
    if (char === '}') {
      if (template[i + 1] !== '}') throw typeFault("ValueError: Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else if (char === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const end = fieldEnd(template, i + 1);
      out += renderField(template.slice(i + 1, end), state, depth);
      i = end + 1;
    } else {
      const next = template.slice(i).search(/[{}]/);
      const stop = next < 0 ? template.length : i + next;
      out += template.slice(i, stop);
      i = stop;
    }
  }
  return out;
}

/** The index of the `}` closing a field that starts at `from`, counting nested braces. */
function fieldEnd(template: string, from: number): number {
  let level = 1;
  for (let i = from; i < template.length; i += 1) {
    if (template[i] === '{') level += 1;
    if (template[i] === '}') level -= 1;
    if (level === 0) return i;
  }
  throw typeFault(from >= template.length ? "ValueError: Single '{' encountered in format string" : "ValueError: expected '}' before end of string");
}

function renderField(body: string, state: FormatState, depth: number): string {
  const colon = body.search(/[!:]/);
  const name = colon < 0 ? body : body.slice(0, colon);
  let rest = colon < 0 ? '' : body.slice(colon);
  let conversion: string | undefined;
  if (rest.startsWith('!')) {
    conversion = rest[1];
    if (conversion === undefined || (rest.length > 2 && rest[2] !== ':')) throw typeFault('ValueError: expected \':\' after conversion specifier');
    if (!'rsa'.includes(conversion)) throw typeFault(`ValueError: Unknown conversion specifier ${conversion}`);
    rest = rest.slice(2);
  }
  const value = lookup(name, state);
  const spec = rest.startsWith(':') ? expand(rest.slice(1), state, depth - 1) : '';
  const converted = conversion === 'r' ? pyRepr(value) : conversion === 'a' ? asciiOf(value) : conversion === 's' ? pyStr(value) : value;
  if (!state.markup) return formatValue(unmark(converted), spec);
  // Markup.format (markupsafe's EscapeFormatter): Markup fields as they are, others escaped.
  if (converted instanceof Markup) {
    if (spec !== '') throw typeFault('ValueError: Unsupported format specification for Markup.');
    return converted.text;
  }
  return escapeText(formatValue(converted, spec));
}

function lookup(name: string, state: FormatState): unknown {
  if (/[.[]/.test(name)) throw typeFault(`format fields may not reach into arguments in prompt templates: '{${name}}'`);
  if (name === '') {
    if (state.auto === 'manual') throw typeFault('ValueError: cannot switch from manual field specification to automatic field numbering');
    const index = state.auto === 'unset' ? 0 : state.auto;
    state.auto = index + 1;
    return at(state.positional, index);
  }
  if (/^\d+$/.test(name)) {
    if (typeof state.auto === 'number') throw typeFault('ValueError: cannot switch from automatic field numbering to manual field specification');
    state.auto = 'manual';
    return at(state.positional, Number(name));
  }
  if (state.keywords.has(name)) return state.keywords.get(name);
  throw typeFault(`KeyError: '${name}'`);
}

function at(items: unknown[], index: number): unknown {
  if (index >= items.length) throw typeFault(`IndexError: Replacement index ${index} out of range for positional args tuple`);
  return items[index];
}

function asciiOf(value: unknown): string {
  return typeof value === 'string' ? pythonStringAscii(value) : pyRepr(value).replace(/[\u0080-\u{10ffff}]/gu, (c) => pythonStringAscii(c).slice(1, -1));
}

/** format(value, spec) for a template value. */
export function formatValue(value: unknown, spec: string): string {
  const width = /(\d+)/.exec(spec.replace(/^[\s\S]?[<>=^]/u, ''));
  if (width !== null) chargeValue(Number(width[1]));
  let formattable: Formattable;
  if (typeof value === 'string') formattable = { type: 'str', value };
  else if (typeof value === 'boolean' && spec === '') return pyStr(value);
  else if (typeof value === 'bigint') formattable = { type: 'int', value };
  else if (isInt(value)) formattable = { type: 'int', value: BigInt(numberOf(value)) };
  else if (isNumeric(value) || value instanceof PyFloat) formattable = { type: 'float', value: numberOf(value) };
  else if (spec === '') return pyStr(value);
  else throw typeFault(`unsupported format string passed to ${typeName(value)}.__format__`);
  try {
    return pyFormat(formattable, spec);
  } catch (error) {
    throw typeFault(error instanceof Error ? error.message : String(error));
  }
}
