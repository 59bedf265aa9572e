/**
 * Python iterators that Jinja's lazy filters return: `map`, `select`, `reject`,
 * `selectattr`, `rejectattr`, `unique`, `items`, `batch` and `slice` give generators, and
 * `reverse` of a list a list_reverseiterator. They are truthy even when empty, have no len()
 * (`|length` fails), cannot be indexed or reversed again with `last`, print as an object,
 * and are used up by the first walk over them (`{% set g = xs|map('upper') %}` joins once).
 *
 * map, select, reject, selectattr and rejectattr are lazy as in Python: each item is
 * computed when it is pulled, and a chain pulls through every stage, so
 * `[1, 'a']|map('abs')|first` gives 1 without reaching 'a'. The others hold their items.
 */

import { built } from './budget';

/** One pull: `{ value }`, or undefined once exhausted. */
export type Pull = { value: unknown } | undefined;

/** What a lazy stage does with one upstream item: its value, or undefined to drop the item. */
export type Step = (item: unknown) => Pull;

export class PyIterator {
  private position = 0;

  constructor(
    private readonly items: readonly unknown[] | PyIterator,
    readonly pythonTypeName: string,
    /** The generator function's name, for printing (`<generator object sync_do_map>`). */
    readonly producer?: string,
    private readonly step?: Step,
  ) {}

  /** list(it): what is left, leaving it exhausted. */
  drain(): readonly unknown[] {
    if (this.step === undefined && Array.isArray(this.items)) {
      const rest = this.position === 0 ? this.items : this.items.slice(this.position);
      this.position = this.items.length;
      return rest;
    }
    const rest: unknown[] = [];
    for (let pulled = this.next(); pulled !== undefined; pulled = this.next()) rest.push(pulled.value);
    return built(rest); // a new list, charged as the eager filters' lists were
  }

  /** next(it), or undefined once exhausted. */
  next(): Pull {
    for (let item = this.pullSource(); item !== undefined; item = this.pullSource()) {
      if (this.step === undefined) return item;
      const out = this.step(item.value);
      if (out !== undefined) return out;
    }
    return undefined;
  }

  private pullSource(): Pull {
    if (this.items instanceof PyIterator) return this.items.next();
    if (this.position >= this.items.length) return undefined;
    return { value: this.items[this.position++] ?? null };
  }

  describe(): string {
    return this.producer === undefined ? `<${this.pythonTypeName} object>` : `<${this.pythonTypeName} object ${this.producer}>`;
  }
}

export function generator(items: readonly unknown[], producer: string): PyIterator {
  return new PyIterator(items, 'generator', producer);
}

/** A generator that applies `step` to each item of `source` as it is pulled. */
export function lazyGenerator(source: readonly unknown[] | PyIterator, producer: string, step: Step): PyIterator {
  return new PyIterator(source, 'generator', producer, step);
}
