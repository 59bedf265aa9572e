/**
 * The only way a template reaches into data. Rules (docs/architecture.md, "Security"):
 * - plain objects expose their own *data* properties only (no getters, no functions, no
 *   prototype chain); arrays and strings expose indexes;
 * - whitelisted methods (`methods.ts`) come back as `BoundMethod`s, never JS functions;
 * - names JS or Python use for introspection (`constructor`, `__proto__`, `mro`, any
 *   `__dunder__`...) are refused outright, as is anything inherited;
 * - a missing key is StrictUndefined, so `is defined` and `default` keep working.
 */
import { forbiddenAttribute, typeFault } from './faults';
import { GROUP_TUPLES } from './collectionFilters';
import { Cycler, Namespace, sliceRange } from './globals';
import { LoopContext } from './loopContext';
import { Macro } from './macro';
import { hasMethod } from './methods';
import { codePoints } from './pyString';
import { pyRepr } from './pyText';
import { dictLookup, isDict } from './pyDict';
import { BoundMethod, Markup, PyFloat, UndefinedValue, isNumeric, isInt, isSequence, numberOf, requireDefined, typeName, unmark, viewKind } from './values';
import type { SliceKey } from './slices';
import { applySlice, isSliceKey, sliceBounds } from './slices';

const FORBIDDEN_NAMES = new Set([
  'constructor', 'prototype', 'caller', 'callee', 'arguments', 'mro', 'func_globals', 'func_code',
  'gi_frame', 'gi_code', 'cr_frame', 'f_globals', 'f_locals', 'f_builtins', 'tb_frame',
  'valueOf', 'toString', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
]);

export function isForbiddenName(name: string): boolean {
  return name.startsWith('__') || FORBIDDEN_NAMES.has(name);
}

/** An own data property of `holder`, with JS `undefined` read as Python None. */
export function readOwnData(holder: object, key: string): { value: unknown } | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(holder, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor) || typeof descriptor.value === 'function') throw forbiddenAttribute(key);
  return { value: descriptor.value ?? null };
}

function missing(target: unknown, name: unknown): UndefinedValue {
  const label = typeof name === 'string' ? name : undefined;
  return new UndefinedValue(`'${typeName(target)} object' has no attribute ${pyRepr(name)}`, label);
}

/** `target.name` (Jinja's getattr: methods first, then items). */
export function getAttribute(subject: unknown, name: string): unknown {
  // A Markup has its text's attributes, and methods that return Markup (markupMethods.ts).
  if (subject instanceof Markup && !isForbiddenName(name) && hasMethod(subject, name)) return new BoundMethod(subject, name);
  const target = unmark(subject);
  // A row's own data key is data whatever its name (`row.constructor`, `row.caller`): reading
  // an own data property reaches nothing else. Every other path to these names is refused.
  if (isDict(target) && !hasMethod(target, name)) {
    const own = dictLookup(target, name);
    if (own !== undefined) return own.value;
  }
  // A macro's documented attributes include `arguments` and `caller`: plain values, not JS internals.
  const macroField = target instanceof Macro ? target.attribute(name) : undefined;
  if (macroField !== undefined) return macroField;
  if (isForbiddenName(name)) throw forbiddenAttribute(name);
  const value = requireDefined(target);
  if (hasMethod(value, name)) return new BoundMethod(value, name);
  if (isDict(value)) {
    const own = dictLookup(value, name);
    if (own !== undefined) return own.value;
  } else if (value instanceof LoopContext) {
    const field = value.field(name);
    if (field !== undefined) return field;
  } else if (Array.isArray(value) && GROUP_TUPLES.has(value) && (name === 'grouper' || name === 'list')) {
    return value[name === 'grouper' ? 0 : 1];
  } else if (value instanceof Namespace) {
    if (value.attributes.has(name)) return value.attributes.get(name);
  } else if (value instanceof Cycler && (name === 'current' || name === 'items')) {
    return name === 'current' ? value.current : value.items;
  } else if (isNumeric(value) && NUMBER_ATTRIBUTES.has(name) && (isInt(value) || name === 'real' || name === 'imag')) {
    return numberAttribute(value, name);
  }
  // A JS-only member of a str or list (`'abc'.length`, `[].map`) is simply absent, as in Python:
  // Undefined, so `is defined` and `default` answer as Jinja does. On the engine's own objects
  // such names are refused outright.
  if (value !== null && value !== undefined && name in Object(value) && typeof value !== 'string' && !Array.isArray(value)) throw forbiddenAttribute(name);
  return missing(value, name);
}

/** `target[key]` (Jinja's getitem: items first, then attributes for string keys). */
export function getItem(target: unknown, key: unknown): unknown {
  if (target instanceof Markup) {
    // Markup.__getitem__ returns Markup for an index or a slice.
    const item = getItem(target.text, key);
    return typeof item === 'string' ? new Markup(item) : item;
  }
  const value = requireDefined(target);
  const index = requireDefined(key);
  if (isSliceKey(index)) return sliceOf(value, index);
  if (isDict(value)) {
    const own = dictLookup(value, index);
    if (own !== undefined) return own.value;
  }
  if (typeof index === 'string') return getAttribute(value, index);
  if (viewKind(value) !== undefined) return new UndefinedValue(`${typeName(value)} object has no element ${pyRepr(index)}`);
  if ((typeof value === 'string' || Array.isArray(value)) && isInt(index)) {
    return elementAt(value, numberOf(index)) ?? missing(value, index);
  }
  return missing(value, index);
}

/** The data attributes of Python's int and float (`n.real`, `n.denominator`). */
const NUMBER_ATTRIBUTES = new Set(['real', 'imag', 'numerator', 'denominator']);

function numberAttribute(value: number | boolean | PyFloat | bigint, name: string): unknown {
  if (name === 'imag') return isInt(value) ? 0 : new PyFloat(0);
  if (name === 'denominator') return 1;
  return typeof value === 'boolean' ? Number(value) : value;
}

function elementAt(sequence: string | readonly unknown[], index: number): unknown {
  const items = typeof sequence === 'string' ? codePoints(sequence) : sequence;
  const position = index < 0 ? items.length + index : index;
  if (position < 0 || position >= items.length) return undefined;
  return items[position] ?? null;
}

/** Jinja compiles slices to a plain Python subscript, so slicing a dict or a number is a TypeError. */
function sliceOf(value: unknown, key: SliceKey): unknown {
  if (typeof value === 'string') return applySlice(codePoints(value), key).join('');
  if (isSequence(value)) return sliceRange(value, sliceBounds(value.length, key)) ?? applySlice(value, key, value);
  throw typeFault(isDict(value) ? "unhashable type: 'slice'" : `'${typeName(value)}' object is not subscriptable`);
}
