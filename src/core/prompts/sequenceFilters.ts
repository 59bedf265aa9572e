/** Jinja 3.1's sequence filters: join, length/count, first, last, list, sort, unique. */
import { built } from './budget';
import { hashKey } from './hashKey';
import type { FilterSpec, FilterTable } from './filterSpec';
import { getItem } from './sandbox';
import { joinTexts, pyIterate, pyLen, pyOrder, pyTruthy } from './pySemantics';
import { pyStr } from './pyText';
import { UndefinedValue, markLocal } from './values';
import { typeFault } from './faults';
import { PyIterator, generator } from './iterators';

/** Jinja's make_attrgetter: "address.city" walks items; digit parts are list indexes. */
function attributeGetter(attribute: unknown): (item: unknown) => unknown {
  if (attribute === null) return (item) => item;
  const parts = typeof attribute === 'string'
    ? attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
    : [attribute];
  return (item) => parts.reduce<unknown>((current, part) => getItem(current, part), item);
}

function caseKey(caseSensitive: unknown): (key: unknown) => unknown {
  return pyTruthy(caseSensitive) ? (key) => key : (key) => (typeof key === 'string' ? key.toLowerCase() : key);
}

function sortItems(value: unknown, [reverse, caseSensitive, attribute]: unknown[]): unknown[] {
  const fold = caseKey(caseSensitive);
  const attributes = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = attributes.map(attributeGetter);
  const keyOf = (item: unknown): unknown =>
    getters.length === 1 ? fold(getters[0]!(item)) : getters.map((getter) => fold(getter(item)));
  const keyed = pyIterate(value).map((item) => ({ item, key: keyOf(item) }));
  const direction = pyTruthy(reverse) ? -1 : 1;
  keyed.sort((a, b) => direction * (pyOrder('<', a.key, b.key) ? -1 : pyOrder('<', b.key, a.key) ? 1 : 0));
  return markLocal(keyed.map(({ item }) => item)); // sorted() makes a new list the template may change
}

/** Like Jinja's set of seen keys: hashing, not comparing each item with every earlier one. */
function unique(value: unknown, [caseSensitive, attribute]: unknown[]): PyIterator {
  const fold = caseKey(caseSensitive);
  const getter = attributeGetter(attribute);
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of pyIterate(value)) {
    const key = hashKey(fold(getter(item)));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return generator(out, 'do_unique');
}

function join(value: unknown, [separator, attribute]: unknown[]): string {
  const getter = attributeGetter(attribute);
  return joinTexts(pyIterate(value).map((item) => pyStr(getter(item))), pyStr(separator));
}

function endItem(which: 'first' | 'last'): FilterSpec {
  return {
    parameters: [],
    run: (value) => {
      // first is next(iter(x)): it takes one item of an iterator; last needs reversed(x), which an iterator refuses.
      if (value instanceof PyIterator) {
        if (which === 'last') throw typeFault(`'${value.pythonTypeName}' object is not reversible`);
        const next = value.next();
        return next === undefined ? new UndefinedValue('No first item, sequence was empty.') : next.value;
      }
      const items = pyIterate(value);
      if (items.length === 0) return new UndefinedValue(`No ${which} item, sequence was empty.`);
      return which === 'first' ? items[0] : items[items.length - 1];
    },
  };
}

const lengthFilter: FilterSpec = { parameters: [], run: (value) => pyLen(value) };

export const SEQUENCE_FILTERS: FilterTable = [
  ['join', { parameters: [['d', ''], ['attribute', null]], run: join }],
  ['length', lengthFilter],
  ['count', lengthFilter],
  ['first', endItem('first')],
  ['last', endItem('last')],
  ['list', { parameters: [], run: (value) => markLocal(built([...pyIterate(value)])) }],
  ['sort', { parameters: [['reverse', false], ['case_sensitive', false], ['attribute', null]], run: sortItems }],
  ['unique', { parameters: [['case_sensitive', false], ['attribute', null]], run: unique }],
];
