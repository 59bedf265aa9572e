/**
 * Jinja 3.1's filters over collections: map, select, reject, selectattr, rejectattr, sum,
 * min, max, reverse, batch, slice, groupby, dictsort, items, attr. Each walks its items
 * through the render budget (pyIterate charges a step per item).
 */
import type { CallArguments } from './args';
import { built, chargeValue } from './budget';
import { typeFault } from './faults';
import type { FilterSpec, FilterTable } from './filterSpec';
import { arithmetic } from './arithmetic';
import { getAttribute, getItem } from './sandbox';
import { pyEquals, pyIterate, pyOrder, pyTruthy } from './pySemantics';
import { pyStr } from './pyText';
import { dictItemTuples, isDict } from './pyDict';
import { UndefinedValue, isTuple, makeTuple, markLocal, requireDefined } from './values';
import { PyIterator, generator, lazyGenerator } from './iterators';
import { RANGE_TEXT } from './globals';

/** Set by filters.ts: applying a filter or test by name (map/select call back into the registries). */
export const registries: {
  filter?: (name: string, value: unknown, call: CallArguments) => unknown;
  test?: (name: string, value: unknown, call: CallArguments) => boolean;
} = {};

/** Jinja's make_attrgetter: "address.city" walks items; digit parts are list indexes. */
export function attributeGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  if (attribute === null || attribute === undefined) return (item) => item;
  const parts = typeof attribute === 'string' ? attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [attribute];
  return (item) => {
    let current = item;
    for (const part of parts) {
      current = getItem(current, part);
      if (current instanceof UndefinedValue && fallback !== undefined) return fallback;
    }
    return current;
  };
}

function rest(call: CallArguments, from: number): CallArguments {
  return { positional: call.positional.slice(from), keywords: call.keywords };
}

/** The items a lazy filter pulls from: an upstream iterator itself, so a chain stays lazy. */
function lazySource(value: unknown): readonly unknown[] | PyIterator {
  return value instanceof PyIterator ? value : pyIterate(value);
}

const map: FilterSpec = {
  parameters: [],
  run: (value) => value,
  runVariadic: (value, call) => {
    if (!pyTruthy(value)) return generator([], 'sync_do_map'); // `if value:` guards the walk, so None or 0 maps to nothing
    const attribute = call.keywords.get('attribute');
    if (attribute !== undefined || call.positional.length === 0) {
      const getter = attributeGetter(attribute, call.keywords.has('default') ? call.keywords.get('default') : undefined);
      return lazyGenerator(lazySource(value), 'sync_do_map', (item) => ({ value: getter(item) }));
    }
    const name = pyStr(call.positional[0]);
    return lazyGenerator(lazySource(value), 'sync_do_map', (item) => ({ value: registries.filter!(name, item, rest(call, 1)) }));
  },
};

function selecting(keep: boolean, byAttribute: boolean): FilterSpec {
  return {
    parameters: [],
    run: (value) => value,
    runVariadic: (value, call) => {
      if (!pyTruthy(value)) return generator([], `sync_do_${keep ? 'select' : 'reject'}${byAttribute ? 'attr' : ''}`);
      const getter = byAttribute ? attributeGetter(call.positional[0]) : (item: unknown) => item;
      const testAt = byAttribute ? 1 : 0;
      const testName = call.positional[testAt];
      const check = testName === undefined
        ? (item: unknown) => pyTruthy(item)
        : (item: unknown) => registries.test!(pyStr(testName), item, rest(call, testAt + 1));
      return lazyGenerator(lazySource(value), `sync_do_${keep ? 'select' : 'reject'}${byAttribute ? 'attr' : ''}`, (item) => (check(getter(item)) === keep ? { value: item } : undefined));
    },
  };
}

function caseFolded(caseSensitive: unknown, getter: (item: unknown) => unknown): (item: unknown) => unknown {
  return pyTruthy(caseSensitive) ? getter : (item) => {
    const key = getter(item);
    return typeof key === 'string' ? key.toLowerCase() : key;
  };
}

function extreme(which: 'min' | 'max'): FilterSpec {
  return {
    parameters: [['case_sensitive', false], ['attribute', null]],
    run: (value, [caseSensitive, attribute]) => {
      const key = caseFolded(caseSensitive, attributeGetter(attribute));
      let best: { item: unknown; key: unknown } | undefined;
      for (const item of pyIterate(value)) {
        const k = key(item);
        if (best === undefined || pyOrder(which === 'min' ? '<' : '>', k, best.key)) best = { item, key: k };
      }
      return best === undefined ? new UndefinedValue('No aggregated item, sequence was empty.') : best.item;
    },
  };
}

function chunks(value: unknown, size: unknown, fill: unknown): unknown[][] {
  const count = Number(requireDefined(size));
  if (Number.isNaN(count)) throw typeFault('batch size must be a number');
  // Jinja's do_batch, step by step: a batch is closed when it holds exactly `count` items, so
  // batch(0) yields an empty batch first and a size below 1 never closes one.
  const items = pyIterate(value);
  const out: unknown[][] = [];
  let current: unknown[] = [];
  for (const item of items) {
    if (current.length === count) {
      out.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) {
    if (fill !== null && current.length < count) {
      chargeValue(count);
      while (current.length < count) current.push(fill);
    }
    out.push(current);
  }
  return built(out);
}

function slices(value: unknown, [count, fill]: unknown[]): unknown[][] {
  const items = pyIterate(value);
  const n = Number(requireDefined(count));
  if (n === 0) throw typeFault('ZeroDivisionError: integer division or modulo by zero');
  const perSlice = Math.floor(items.length / n);
  const extra = items.length % n;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < n; i += 1) {
    const size = perSlice + (i < extra ? 1 : 0);
    const part = items.slice(offset, offset + size);
    offset += size;
    if (fill !== null && i >= extra && extra > 0) part.push(fill);
    out.push(part);
  }
  return built(out);
}

function groupby(value: unknown, [attribute, fallback, caseSensitive]: unknown[]): unknown[] {
  const getter = attributeGetter(attribute, fallback ?? undefined);
  const key = caseFolded(caseSensitive, getter);
  const sorted = [...pyIterate(value)].sort((a, b) => (pyOrder('<', key(a), key(b)) ? -1 : pyOrder('<', key(b), key(a)) ? 1 : 0));
  // itertools.groupby compares neighbours with ==, never hashes: a lone item missing the
  // attribute makes one group under an undefined grouper, list keys group, NaN keys never do.
  const groups: Array<{ grouper: unknown; key: unknown; list: unknown[] }> = [];
  for (const item of sorted) {
    const itemKey = key(item);
    const last = groups[groups.length - 1];
    if (last !== undefined && pyEquals(itemKey, last.key)) last.list.push(item);
    else groups.push({ grouper: getter(item), key: itemKey, list: [item] });
  }
  return built(groups.map((group) => {
    const tuple = makeTuple([group.grouper, group.list]);
    GROUP_TUPLES.add(tuple);
    return tuple;
  }));
}

/** groupby's items: (grouper, list) tuples that also answer `.grouper` and `.list`. */
export const GROUP_TUPLES = new WeakSet<readonly unknown[]>();

function dictItems(value: unknown): Array<readonly unknown[]> {
  const dict = requireDefined(value);
  if (!isDict(dict)) throw typeFault('Can only get item pairs from a mapping.');
  return dictItemTuples(dict);
}

function dictsort(value: unknown, [caseSensitive, by, reverse]: unknown[]): unknown[] {
  if (by !== 'key' && by !== 'value') throw typeFault('You can only sort by either "key" or "value"');
  const position = by === 'key' ? 0 : 1;
  const key = caseFolded(caseSensitive, (pair) => (pair as unknown[])[position]);
  const sorted = dictItems(value).sort((a, b) => (pyOrder('<', key(a), key(b)) ? -1 : pyOrder('<', key(b), key(a)) ? 1 : 0));
  return markLocal(built(pyTruthy(reverse) ? sorted.reverse() : sorted));
}

/** do_reverse: a reversed string, a reverse iterator over a sequence or dict, a list for an iterator. */
function reverse(value: unknown): unknown {
  if (typeof value === 'string') return built(Array.from(value).reverse().join(''));
  const items = built([...pyIterate(value)].reverse());
  if (value instanceof PyIterator) return markLocal(items);
  const kind = isTuple(value) ? 'reversed' : RANGE_TEXT.has(value as readonly unknown[]) ? 'range_iterator' : isDict(value) ? 'dict_reversekeyiterator' : 'list_reverseiterator';
  return new PyIterator(items, kind);
}

function sum(value: unknown, [attribute, start]: unknown[]): unknown {
  const getter = attributeGetter(attribute);
  return pyIterate(value).reduce((total, item) => arithmetic('+', total, getter(item)), start);
}

export const COLLECTION_FILTERS: FilterTable = [
  ['map', map],
  ['select', selecting(true, false)],
  ['reject', selecting(false, false)],
  ['selectattr', selecting(true, true)],
  ['rejectattr', selecting(false, true)],
  ['sum', { parameters: [['attribute', null], ['start', 0]], run: sum }],
  ['min', extreme('min')],
  ['max', extreme('max')],
  ['reverse', { parameters: [], run: reverse }],
  ['batch', { parameters: [['linecount', 0], ['fill_with', null]], run: (v, [size, fill]) => generator(chunks(v, size, fill), 'do_batch') }],
  ['slice', { parameters: [['slices', 1], ['fill_with', null]], run: (v, args) => generator(slices(v, args), 'sync_do_slice') }],
  ['groupby', { parameters: [['attribute', null], ['default', null], ['case_sensitive', false]], run: groupby }],
  ['dictsort', { parameters: [['case_sensitive', false], ['by', 'key'], ['reverse', false]], run: dictsort }],
  ['items', { parameters: [], acceptsUndefined: true, run: (v) => generator(v instanceof UndefinedValue ? [] : built(dictItems(v)), 'do_items') }],
  // Jinja's attr() is getattr only: a dict's keys are not its attributes.
  ['attr', { parameters: [['name', null]], run: (v, [name]) => (isDict(v) ? new UndefinedValue(`'dict object' has no attribute '${String(name)}'`) : getAttribute(v, String(name))) }],
];

