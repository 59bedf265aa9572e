/**
 * The few Python methods a template may call (`name.upper()`, `row.items()`...),
 * implemented here. Nothing reached from data is ever invoked as a JS function.
 * `str.format` is deliberately absent: it is the classic Jinja sandbox escape.
 */
import { REQUIRED, bindArguments, type CallArguments, type ParameterList } from './args';
import { built } from './budget';
import { typeFault } from './faults';
import { Cycler, fillDict } from './globals';
import { LoopContext } from './loopContext';
import { LIST_METHODS, MORE_STRING_METHODS, MUTATING_LIST_METHODS, type MethodSpec } from './moreMethods';
import { safeFormat } from './strFormat';
import { joinTexts, pyIterate } from './pySemantics';
import { codePoints, pyCapitalize, pyReplace, pySplit, pyStrip, pyTitle } from './pyString';
import { sliceIndexes, SliceKey } from './slices';
import { type DictValue, PyDict, dictEntries, dictFromEntries, dictItemTuples, dictKeys, dictLookup, isDict } from './pyDict';
import { pyRepr } from './pyText';
import { callMarkupMethod, isMarkupOnlyMethod, type StringCall } from './markupMethods';
import { BoundMethod, Markup, isInt, isLocalList, makeTuple, makeView, numberOf, requireDefined, typeName, unmark } from './values';

/** `d.pop(key)` without a default: distinct from any value a template can pass. */
const REQUIRED_MISSING: unique symbol = Symbol('no default');

type Method<T> = (receiver: T, args: unknown[]) => unknown;

const noArgs: ParameterList = [];
const chars: ParameterList = [['chars', null]];

const STRING_METHODS = new Map<string, MethodSpec<string>>([
  ['upper', { parameters: noArgs, run: (s) => built(s.toUpperCase()) }],
  ['lower', { parameters: noArgs, run: (s) => built(s.toLowerCase()) }],
  ['title', { parameters: noArgs, run: (s) => pyTitle(s) }],
  ['capitalize', { parameters: noArgs, run: (s) => pyCapitalize(s) }],
  ['strip', { parameters: chars, run: (s, [c]) => pyStrip(s, optionalStr(c, 'strip'), 'both') }],
  ['lstrip', { parameters: chars, run: (s, [c]) => pyStrip(s, optionalStr(c, 'lstrip'), 'left') }],
  ['rstrip', { parameters: chars, run: (s, [c]) => pyStrip(s, optionalStr(c, 'rstrip'), 'right') }],
  ['startswith', affixMethod('startswith', (text, affix) => text.startsWith(affix))],
  ['endswith', affixMethod('endswith', (text, affix) => text.endsWith(affix))],
  ['replace', {
    parameters: [['old', REQUIRED], ['new', REQUIRED], ['count', -1]],
    run: (s, [old, replacement, count]) =>
      pyReplace(s, requireStr(old, 'replace'), requireStr(replacement, 'replace'), requireInt(count, 'replace')),
  }],
  ['split', {
    parameters: [['sep', null], ['maxsplit', -1]],
    run: (s, [sep, max]) => pySplit(s, optionalStr(sep, 'split'), requireInt(max, 'split')),
  }],
  ['join', {
    parameters: [['iterable', REQUIRED]],
    run: (s, [items]) => joinTexts(pyIterate(items).map((item) => requireStr(unmark(item), 'join')), s),
  }],
]);

for (const [name, spec] of MORE_STRING_METHODS) STRING_METHODS.set(name, spec);
const LIST_METHOD_SPECS = new Map<string, MethodSpec<readonly unknown[]>>(LIST_METHODS);
const MUTATING_LIST_METHOD_SPECS = new Map<string, MethodSpec<unknown[]>>(MUTATING_LIST_METHODS);

const DICT_METHODS = new Map<string, MethodSpec<DictValue>>([
  ['items', { parameters: noArgs, run: (d) => makeView('dict_items', built(dictItemTuples(d))) }],
  ['keys', { parameters: noArgs, run: (d) => makeView('dict_keys', built(dictKeys(d))) }],
  ['values', { parameters: noArgs, run: (d) => makeView('dict_values', built(dictEntries(d).map(([, value]) => value))) }],
  ['get', {
    parameters: [['key', REQUIRED], ['default', null]],
    run: (d, [key, fallback]) => (dictLookup(d, key) ?? { value: fallback }).value,
  }],
  ['copy', { parameters: noArgs, run: (d) => dictFromEntries(dictEntries(d)) }],
]);

/** Methods that change a dict: only on dicts the template built (`PyDict`); rows stay as they came. */
const MUTATING_DICT_METHODS = new Map<string, MethodSpec<PyDict>>([
  ['popitem', { parameters: noArgs, run: (d) => {
    const last = d.entries().at(-1);
    if (last === undefined) throw typeFault("KeyError: 'popitem(): dictionary is empty'");
    d.remove(last[0]);
    return makeTuple(last);
  } }],
  ['clear', { parameters: noArgs, run: (d) => {
    d.entries().forEach(([key]) => d.remove(key));
    return null;
  } }],
  ['setdefault', { parameters: [['key', REQUIRED], ['default', null]], run: (d, [key, fallback]) => {
    const hit = d.lookup(key);
    if (hit !== undefined) return hit.value;
    d.set(key, fallback);
    return fallback;
  } }],
  ['pop', { parameters: [['key', REQUIRED], ['default', REQUIRED_MISSING]], run: (d, [key, fallback]) => {
    const hit = d.remove(key);
    if (hit !== undefined) return hit.value;
    if (fallback === REQUIRED_MISSING) throw typeFault(`KeyError: ${pyRepr(key)}`);
    return fallback;
  } }],
]);

export function hasMethod(receiver: unknown, name: string): boolean {
  if (typeof receiver === 'string') return STRING_METHODS.has(name) || name === 'format';
  if (receiver instanceof Markup) return hasMethod(receiver.text, name) || isMarkupOnlyMethod(name);
  if (Array.isArray(receiver)) return LIST_METHOD_SPECS.has(name) || (MUTATING_LIST_METHOD_SPECS.has(name) && isLocalList(receiver));
  if (isDict(receiver)) return DICT_METHODS.has(name) || (receiver instanceof PyDict && (MUTATING_DICT_METHODS.has(name) || name === 'update'));
  if (receiver instanceof Cycler) return name === 'next' || name === 'reset';
  return receiver instanceof LoopContext && (name === 'cycle' || name === 'changed');
}

export function callMethod(method: BoundMethod, call: CallArguments): unknown {
  const { receiver, name } = method;
  if (receiver instanceof LoopContext) return name === 'changed' ? receiver.changed(call.positional) : cycle(receiver, call);
  if (receiver instanceof Cycler) {
    if (name === 'next') return receiver.next();
    receiver.position = 0;
    return null;
  }
  if (receiver instanceof Markup) {
    const format: StringCall = (m, c) => safeFormat(String(m.receiver), c.positional.map(requireDefined), c.keywords, true);
    return callMarkupMethod(receiver, name, call, callMethod, format);
  }
  if (receiver instanceof PyDict && name === 'update') {
    fillDict(receiver, 'update', { positional: call.positional.map(unmark), keywords: call.keywords });
    return null;
  }
  if (typeof receiver === 'string' && name === 'format') return safeFormat(receiver, call.positional.map(requireDefined), call.keywords);
  const spec = typeof receiver === 'string' ? STRING_METHODS.get(name)
    : Array.isArray(receiver) ? LIST_METHOD_SPECS.get(name) ?? MUTATING_LIST_METHOD_SPECS.get(name)
      : DICT_METHODS.get(name) ?? MUTATING_DICT_METHODS.get(name);
  if (spec === undefined) throw typeFault(`'${typeName(receiver)}' object has no callable attribute '${name}'`);
  const args = bindArguments(name, spec.parameters, call).map(requireDefined);
  return (spec.run as Method<unknown>)(receiver, args);
}

function cycle(loop: LoopContext, call: CallArguments): unknown {
  if (call.positional.length === 0) throw typeFault('no items for cycling given');
  return call.positional[loop.index0 % call.positional.length];
}

function affixMethod(name: string, test: (text: string, affix: string) => boolean): MethodSpec<string> {
  return {
    parameters: [['prefix', REQUIRED], ['start', null], ['end', null]],
    run: (s, [affix, start, end]) => {
      const points = codePoints(s);
      const window = sliceIndexes(points.length, new SliceKey(start, end, null)).map((i) => points[i]).join('');
      const options = Array.isArray(affix) ? affix : [affix];
      return options.some((option) => test(window, requireStr(option, name)));
    },
  };
}

function requireStr(value: unknown, method: string): string {
  if (typeof value !== 'string') throw typeFault(`${method}() argument must be str, not ${typeName(value)}`);
  return value;
}

function optionalStr(value: unknown, method: string): string | null {
  return value === null ? null : requireStr(value, method);
}

function requireInt(value: unknown, method: string): number {
  if (!isInt(value)) throw typeFault(`${method}() argument must be int, not ${typeName(value)}`);
  return numberOf(value);
}
