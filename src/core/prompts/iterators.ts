/**
 * Python iterators that Jinja's lazy filters return: `map`, `select`, `reject`,
 * `selectattr`, `rejectattr`, `unique`, `items`, `batch` and `slice` give generators, and
 * `reverse` of a list a list_reverseiterator. They are truthy even when empty, have no len()
 * (`|length` fails), cannot be indexed or reversed again with `last`, print as an object,
 * and are used up by the first walk over them (`{% set g = xs|map('upper') %}` joins once).
 * The items are computed eagerly here; only how they can be read is Python's.
 */
export class PyIterator {
  private position = 0;

  constructor(
    private readonly items: readonly unknown[],
    readonly pythonTypeName: string,
    /** The generator function's name, for printing (`<generator object sync_do_map>`). */
    readonly producer?: string,
  ) {}

  /** list(it): what is left, leaving it exhausted. */
  drain(): readonly unknown[] {
    const rest = this.position === 0 ? this.items : this.items.slice(this.position);
    this.position = this.items.length;
    return rest;
  }

  /** next(it), or undefined once exhausted. */
  next(): { value: unknown } | undefined {
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
