/**
 * Python dicts in templates. Dicts the template builds (literals, `dict()`, `kwargs`,
 * `copy()`) are `PyDict`s: any hashable key (`1`, `True`, `(1, 2)`, `'2024'`), insertion
 * order kept for every key (a JS object would move integer-like keys first), and `update`,
 * `pop`, `setdefault` allowed. Dicts passed in (rows, JSON) stay plain objects read through
 * the sandbox's own-data rule and are never changed. The helpers here treat both alike.
 */
import { keyOrderOf } from '../data/keyOrder';
import { chargeGrowth } from './budget';
import { hashKey } from './hashKey';
import { readOwnData } from './sandbox';
import { isPlainObject, makeTuple } from './values';

export class PyDict {
  readonly pythonTypeName = 'dict';
  private readonly map = new Map<string, [key: unknown, value: unknown]>();

  get size(): number {
    return this.map.size;
  }

  lookup(key: unknown): { value: unknown } | undefined {
    const entry = this.map.get(hashKey(key));
    return entry === undefined ? undefined : { value: entry[1] };
  }

  /** Python keeps the first key object of equal keys (`{1: 'a', True: 'b'}` is `{1: 'b'}`). */
  set(key: unknown, value: unknown): void {
    const hash = hashKey(key);
    const existing = this.map.get(hash);
    if (existing !== undefined) {
      existing[1] = value;
      return;
    }
    chargeGrowth(this.map.size + 1, 1);
    this.map.set(hash, [key, value]);
  }

  remove(key: unknown): { value: unknown } | undefined {
    const hash = hashKey(key);
    const entry = this.map.get(hash);
    if (entry === undefined) return undefined;
    this.map.delete(hash);
    return { value: entry[1] };
  }

  entries(): Array<[unknown, unknown]> {
    return [...this.map.values()].map(([key, value]) => [key, value]);
  }
}

export type DictValue = PyDict | Record<string, unknown>;

export function isDict(value: unknown): value is DictValue {
  return value instanceof PyDict || isPlainObject(value);
}

export function dictEntries(dict: DictValue): Array<[unknown, unknown]> {
  if (dict instanceof PyDict) return dict.entries();
  // Passed-in mappings iterate in their source order (integer-like keys where they were written: data/keyOrder.ts).
  return keyOrderOf(dict).map((key) => [key, dict[key] ?? null]);
}

export function dictKeys(dict: DictValue): unknown[] {
  return dict instanceof PyDict ? dict.entries().map(([key]) => key) : keyOrderOf(dict);
}

export function dictSize(dict: DictValue): number {
  return dict instanceof PyDict ? dict.size : Object.keys(dict).length;
}

/** d[key]: a plain object has string keys only, read as own data. */
export function dictLookup(dict: DictValue, key: unknown): { value: unknown } | undefined {
  if (dict instanceof PyDict) return dict.lookup(key);
  hashKey(key); // unhashable keys fail as in Python
  return typeof key === 'string' ? readOwnData(dict, key) : undefined;
}

export function dictFromEntries(entries: Iterable<readonly [unknown, unknown]>): PyDict {
  const dict = new PyDict();
  for (const [key, value] of entries) dict.set(key, value);
  return dict;
}

/** `d.items()` as (key, value) tuples. */
export function dictItemTuples(dict: DictValue): Array<readonly unknown[]> {
  return dictEntries(dict).map((entry) => makeTuple(entry));
}
