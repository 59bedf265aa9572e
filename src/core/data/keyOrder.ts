/**
 * Source key order of mappings, for keys JS would move. A JS object enumerates integer-like
 * keys ("2024", "7") first, in numeric order, whatever order they were written in; Python
 * dicts (the original's rows, prompt_defaults, JSON data) keep insertion order, so
 * `{"2024": 10, "2023": 5}` iterates 2024 first in Jinja2 and a CSV column named 2024 stays
 * where it was. The order is captured where data enters (CSV header, YAML and JSON config,
 * stored JSON) and kept here beside the object; readers that show keys (the prompt engine's
 * dict iteration, the CSV sink's columns) ask keyOrderOf. Objects whose JS order is already
 * the source order are never recorded, so the common case costs one WeakMap lookup.
 */

const orders = new WeakMap<object, readonly string[]>();
/** JS moves array-index keys: canonical non-negative integers below 2**32 - 1. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

export function isIndexKey(key: string): boolean {
  return INDEX_KEY.test(key) && Number(key) < 4294967295;
}

/** Remembers `keys` as the order of `object`'s keys when JS enumerates them differently. */
export function rememberKeyOrder(object: object, keys: readonly string[]): void {
  if (!keys.some(isIndexKey)) return;
  const actual = Object.keys(object);
  if (actual.length === keys.length && actual.every((key, index) => key === keys[index])) return;
  orders.set(object, [...keys]);
}

/** The object's own enumerable keys in source order: remembered keys first (those still present), then any added since. */
export function keyOrderOf(object: object): string[] {
  const remembered = orders.get(object);
  const actual = Object.keys(object);
  if (!remembered) return actual;
  const present = new Set(actual);
  const ordered = remembered.filter((key) => present.has(key));
  const seen = new Set(ordered);
  for (const key of actual) if (!seen.has(key)) ordered.push(key);
  return ordered;
}

/** True when the object's keys have a source order JS does not show. */
export function hasKeyOrder(object: object): boolean {
  return orders.has(object);
}

/** `to` was built from `from` key by key (a copy, a filtered or mapped copy): it keeps `from`'s order for the keys it has. */
export function copyKeyOrder<T extends object>(from: object, to: T): T {
  const remembered = orders.get(from);
  if (remembered) rememberKeyOrder(to, keyOrderOf(from).filter((key) => Object.hasOwn(to, key)).concat(Object.keys(to).filter((key) => !Object.hasOwn(from, key))));
  return to;
}

/** A plain object from entries in order, `__proto__` as a plain key, with the order remembered. */
export function orderedObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const [key, value] of entries) {
    if (!Object.hasOwn(out, key)) keys.push(key);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  rememberKeyOrder(out, keys);
  return out;
}
