/**
 * The template value model. Template values are plain JSON-like JS values plus a few
 * internal wrappers, so Python semantics (int vs float, tuples, Undefined) survive:
 * - `PyFloat` boxes a float whose value is integral (2.0), which JS cannot tell from 2;
 *   non-integral numbers are floats already.
 * - `UndefinedValue` is Jinja's StrictUndefined: any use other than tests/`default` fails.
 * - tuples are frozen arrays remembered in a WeakSet (they only differ when printed).
 * - `BoundMethod` is a whitelisted method picked off a value; it can only be called
 *   through `methods.ts`, never as a JS function.
 */
import { RenderFault } from './faults';

export class PyFloat {
  constructor(readonly value: number) {}
}

/** markupsafe.Markup: text marked safe for HTML (markup.ts has its operations). */
export class Markup {
  readonly pythonTypeName = 'Markup';
  constructor(readonly text: string) {}
}

/** A Markup acts as its text wherever Python would treat it as a str. */
export function unmark(value: unknown): unknown {
  return value instanceof Markup ? value.text : value;
}

/**
 * Whether the render in progress is llm_guard's plain environment, where every Undefined
 * Jinja makes (missing names, `first` of nothing...) is a lenient jinja2.Undefined.
 * Rendering is synchronous: `withUndefinedMode` sets it for one render.
 */
let plainEnvironment = false;

export function withUndefinedMode<T>(lenient: boolean, run: () => T): T {
  const previous = plainEnvironment;
  plainEnvironment = lenient;
  try {
    return run();
  } finally {
    plainEnvironment = previous;
  }
}

export class UndefinedValue {
  constructor(
    readonly message: string,
    readonly variable?: string,
    /** Jinja 3.1 gives `a if cond` (no else) a plain Undefined: it prints '' and is falsy. */
    readonly lenient = plainEnvironment,
  ) {}

  fault(): RenderFault {
    return new RenderFault(this.message, this.variable === undefined ? {} : { variable: this.variable });
  }
}

export class BoundMethod {
  constructor(
    readonly receiver: unknown,
    readonly name: string,
  ) {}
}

export function undefinedName(name: string, lenient = false): UndefinedValue {
  return new UndefinedValue(`'${name}' is undefined`, name, lenient);
}

const tuples = new WeakSet<readonly unknown[]>();

export type DictViewKind = 'dict_keys' | 'dict_values' | 'dict_items';
const views = new WeakMap<readonly unknown[], DictViewKind>();

/** `d.keys()`, `d.values()`, `d.items()`: read-only lists that print as `dict_keys([...])`. */
export function makeView(kind: DictViewKind, items: unknown[]): readonly unknown[] {
  const view = Object.freeze(items);
  views.set(view, kind);
  return view;
}

export function viewKind(value: unknown): DictViewKind | undefined {
  return Array.isArray(value) ? views.get(value) : undefined;
}

export function makeTuple(items: unknown[]): readonly unknown[] {
  const tuple = Object.freeze(items);
  tuples.add(tuple);
  return tuple;
}

export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && tuples.has(value);
}

export function isSequence(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** A dict: an object literal or JSON object, never a class instance or a function. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for Python ints, floats and bools (bool is an int subclass in Python). */
export function isNumeric(value: unknown): value is number | boolean | PyFloat | bigint {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat || typeof value === 'bigint';
}

/**
 * Python ints are exact at any size: within ±2**53 they are JS numbers, beyond it bigints
 * (never a bigint inside that range, so each int has one form).
 */
export function makeInt(value: bigint): number | bigint {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function bigOf(value: number | boolean | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(typeof value === 'boolean' ? Number(value) : value);
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

export function isInt(value: unknown): value is number | boolean | bigint {
  return typeof value === 'boolean' || typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

/** The value as a double (a bigint beyond 2**1024 gives ±Infinity: callers that need a float check). */
export function numberOf(value: number | boolean | PyFloat | bigint): number {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}

/** Wraps a float result so that 2.0 keeps printing as "2.0". */
export function makeFloat(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Python ints have no negative zero: `-2 * 0` prints "0". */
export function makeNumber(value: number, float: boolean): number | PyFloat {
  if (float) return makeFloat(value);
  return value === 0 ? 0 : value;
}

/** Python's type name, for error messages that match Jinja on Python. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (isTuple(value)) return 'tuple';
  const view = viewKind(value);
  if (view !== undefined) return view;
  if (Array.isArray(value)) return 'list';
  if (value instanceof UndefinedValue) return 'Undefined';
  if (value instanceof BoundMethod) return 'builtin_function_or_method';
  if (isPlainObject(value)) return 'dict';
  if (typeof value === 'object' && value !== null && 'pythonTypeName' in value) return String(value.pythonTypeName);
  return 'object';
}

/** Fails with the variable's own message when a StrictUndefined value is used. */
export function isLenientUndefined(value: unknown): value is UndefinedValue {
  return value instanceof UndefinedValue && value.lenient;
}

export function requireDefined<T>(value: T): Exclude<T, UndefinedValue> {
  if (value instanceof UndefinedValue) throw value.fault();
  return value as Exclude<T, UndefinedValue>;
}

/** Lists the template built itself (literals, `list`, `+`): the only ones `append`/`extend`/`pop` may change. */
const localLists = new WeakSet<readonly unknown[]>();

export function markLocal<T extends unknown[]>(list: T): T {
  localLists.add(list);
  return list;
}

export function isLocalList(value: readonly unknown[]): boolean {
  return localLists.has(value) && !Object.isFrozen(value);
}
