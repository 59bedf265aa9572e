/**
 * JSON that keeps the written order of integer-like keys (keyOrder.ts). `JSON.parse` gives
 * `{"2024": 10, "2023": 5}` as 2023 first; parseOrderedJson records 2024-first beside the
 * object, and stringifyOrdered writes keys in the recorded order, so the order survives
 * every stored hop (plan, input chunks, batch records). Text without an integer-like key is
 * parsed by JSON.parse alone.
 */
import { isIndexKey, keyOrderOf, hasKeyOrder, orderedObject } from './keyOrder';

/** An integer-like key in JSON text: an unescaped quote after `{` or `,` can only open a key. */
const INDEX_KEY_IN_TEXT = /([{,]\s*)"((?:0|[1-9]\d{0,9}))"(\s*:)/g;
/** Marks an integer-like key so JSON.parse keeps it in place: NUL cannot start a key of ours. */
const MARK = '\u0000';
const MARKED_KEY_IN_OUTPUT = /"\\u0000((?:0|[1-9]\d{0,9}))":/g;

export function parseOrderedJson(text: string): unknown {
  if (!/[{,]\s*"(?:0|[1-9])\d*"\s*:/.test(text)) return JSON.parse(text);
  const marked = text.replace(INDEX_KEY_IN_TEXT, (whole, before: string, key: string, after: string) => (isIndexKey(key) ? `${before}"\\u0000${key}"${after}` : whole));
  return unmark(JSON.parse(marked));
}

function unmark(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unmark(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!keys.some((key) => key.startsWith(MARK))) {
    for (const key of keys) record[key] = unmark(record[key]);
    return record;
  }
  return orderedObject(keys.map((key) => [key.startsWith(MARK) && isIndexKey(key.slice(1)) ? key.slice(1) : key, unmark(record[key])]));
}

type Replacer = (key: string, value: unknown) => unknown;

/**
 * JSON.stringify with recorded key orders honoured: an object with a recorded order is
 * written through a stand-in whose integer-like keys are marked (so JS keeps them in place),
 * and the marks are taken out of the text.
 */
export function stringifyOrdered(value: unknown, replacer?: Replacer, space?: number): string {
  let marked = false;
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, raw: unknown) {
      const next = replacer ? replacer.call(this, key, raw) : raw;
      if (next === null || typeof next !== 'object' || Array.isArray(next) || !hasKeyOrder(next)) return next;
      marked = true;
      const source = next as Record<string, unknown>;
      return orderedObject(keyOrderOf(source).map((name) => [isIndexKey(name) ? MARK + name : name, source[name]]));
    },
    space,
  );
  return marked ? text.replace(MARKED_KEY_IN_OUTPUT, '"$1":') : text;
}
